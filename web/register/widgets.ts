// Form pieces sized for a thumb on a 360-px screen: labelled fields with their error line, native selects (the
// phone's own picker), segmented choices, the plate with its province-prefix keyboard and the division cascade.
import { divisions, type Division } from './api.ts';
import { PLATE_PROVINCES } from './checks.ts';
import { h, clear } from './dom.ts';
import { currentLang, msg, type RegisterMessageKey } from './i18n/index.ts';

let uid = 0;
const nextId = () => `f${++uid}`;

/** A labelled control with a hint and an error line (`data-error-for` is where check messages go). */
export function field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || (control.id = nextId());
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint' }, hint) : null,
    h('p', { class: 'error', 'data-error-for': name, role: 'alert' }),
  );
}

export function input(name: string, props: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { name, type: 'text', autocomplete: 'off', ...props });
}

export function select(name: string, options: Array<[string, string]>, placeholder?: string): HTMLSelectElement {
  return h(
    'select',
    { name },
    placeholder !== undefined ? h('option', { value: '' }, placeholder) : null,
    ...options.map(([value, label]) => h('option', { value }, label)),
  );
}

/** Options labelled by message keys `${prefix}.${value}`. */
export function options(prefix: string, values: readonly string[]): Array<[string, string]> {
  return values.map((v) => [v, msg(`${prefix}.${v}` as RegisterMessageKey)]);
}

/** Big radio buttons in a row (direction, resident/visitor, driver/passenger). */
export function segmented(name: string, label: string, choices: Array<[string, string]>, value: string, onChange?: (v: string) => void): HTMLElement {
  return h(
    'fieldset',
    { class: 'segmented', 'data-field': name },
    h('legend', {}, label),
    ...choices.map(([v, text]) =>
      h('label', {}, h('input', { type: 'radio', name, value: v, checked: v === value, onchange: () => onChange?.(v) }), h('span', {}, text)),
    ),
  );
}

export function checkboxes(name: string, label: string, choices: Array<[string, string]>): HTMLElement {
  return h(
    'fieldset',
    { class: 'checks', 'data-field': name },
    h('legend', {}, label),
    ...choices.map(([v, text]) => h('label', {}, h('input', { type: 'checkbox', name, value: v }), h('span', {}, text))),
  );
}

/** The plate: tap a province abbreviation (蒙, 京, ...), then type the rest on the Latin keyboard. */
export class PlateInput {
  readonly el: HTMLElement;
  private prefix = '蒙';
  private readonly prefixButton: HTMLButtonElement;
  private readonly rest: HTMLInputElement;
  private readonly keyboard: HTMLElement;

  constructor(name: string) {
    this.prefixButton = h('button', { type: 'button', class: 'plate-prefix', 'aria-label': msg('plateProvince'), 'aria-expanded': 'false' }, this.prefix);
    this.rest = input(`${name}.rest`, { class: 'plate-rest', autocapitalize: 'characters', maxlength: '8', spellcheck: false, enterkeyhint: 'next' });
    this.keyboard = h(
      'div',
      { class: 'plate-keyboard', hidden: true, role: 'group', 'aria-label': msg('plateProvince') },
      ...[...PLATE_PROVINCES, '使'].map((p) => h('button', { type: 'button', 'data-prefix': p, onclick: () => this.choose(p) }, p)),
    );
    this.prefixButton.addEventListener('click', () => this.toggle());
    this.rest.addEventListener('input', () => (this.rest.value = this.rest.value.toUpperCase().replace(/\s+/g, '')));
    this.el = h('div', { class: 'plate' }, h('div', { class: 'plate-row' }, this.prefixButton, this.rest), this.keyboard);
    this.el.id = nextId();
  }

  private toggle(open = this.keyboard.hidden): void {
    this.keyboard.hidden = !open;
    this.prefixButton.setAttribute('aria-expanded', String(open));
  }

  private choose(p: string): void {
    this.prefix = p;
    this.prefixButton.textContent = p;
    this.toggle(false);
    this.rest.focus();
  }

  get value(): string {
    return this.prefix + this.rest.value.trim().toUpperCase();
  }

  set value(plate: string) {
    const first = plate.charAt(0);
    if ([...PLATE_PROVINCES, '使'].includes(first)) {
      this.prefix = first;
      this.prefixButton.textContent = first;
      this.rest.value = plate.slice(1);
    } else this.rest.value = plate;
  }
}

/** Province -> city -> county, each level loaded when the level above is chosen. The value is a 6-digit code. */
export class DivisionPicker {
  readonly el: HTMLElement;
  private readonly levels: HTMLSelectElement[];
  private items: Division[][] = [[], [], []];

  constructor(readonly name: string) {
    const labels: RegisterMessageKey[] = ['province', 'city', 'county'];
    this.levels = labels.map((label, i) => {
      const s = h('select', { 'aria-label': msg(label), 'data-level': i, disabled: i > 0 }, h('option', { value: '' }, msg(label)));
      s.addEventListener('change', () => void this.chosen(i));
      return s;
    });
    this.el = h('div', { class: 'cascade', 'data-name': name }, ...this.levels);
    this.el.id = nextId();
    void this.load(0, null);
  }

  private async load(level: number, parent: string | null): Promise<void> {
    const sel = this.levels[level];
    // offline: the level stays empty; choosing the level above again retries
    const list: Division[] = await divisions(parent, currentLang()).catch(() => []);
    this.items[level] = list;
    clear(sel);
    sel.append(h('option', { value: '' }, msg((['province', 'city', 'county'] as const)[level])));
    for (const d of list) sel.append(h('option', { value: d.code }, d.name));
    sel.disabled = list.length === 0;
  }

  private async chosen(level: number): Promise<void> {
    for (let i = level + 1; i < 3; i++) {
      clear(this.levels[i]);
      this.levels[i].append(h('option', { value: '' }, msg((['province', 'city', 'county'] as const)[i])));
      this.levels[i].disabled = true;
      this.items[i] = [];
    }
    const code = this.levels[level].value;
    // A county (code not ending in 00; municipalities list theirs directly under the province) has no children.
    if (code && level < 2 && code.endsWith('00')) await this.load(level + 1, code);
    this.el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** The deepest level chosen, when it is the last one there is (a city without counties counts). */
  get value(): string {
    for (let i = 2; i >= 0; i--) {
      const v = this.levels[i].value;
      if (v) return i === 2 || this.levels[i + 1].disabled ? v : '';
    }
    return '';
  }

  /** Selects a code level by level (for a remembered form). */
  async setValue(code: string): Promise<void> {
    if (!/^\d{6}$/.test(code)) return;
    await this.load(0, null);
    for (let level = 0; level < 3; level++) {
      const item = this.items[level].find((d) => d.code === code) ?? this.items[level].find((d) => code.startsWith(d.code.slice(0, 2 + 2 * level)));
      if (!item) return;
      this.levels[level].value = item.code;
      if (item.code === code) {
        await this.chosen(level);
        return;
      }
      if (level < 2) await this.load(level + 1, item.code);
    }
  }
}
