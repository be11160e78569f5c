// The check-in form of one site kind: builds the fields the contract asks for that kind (nothing more), reads
// them into a FormState, fills them from one (remembered details, a language switch) and shows field errors.
import { h, clear } from './dom.ts';
import { msg, type RegisterMessageKey } from './i18n/index.ts';
import { emptyState, sectionsOf, type CompanionState, type FieldError, type FormOptions, type FormState, type SiteKind } from './payload.ts';
import { checkboxes, DivisionPicker, field, input, options, PlateInput, segmented, select } from './widgets.ts';

const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'] as const;
const RELATIONS = ['child', 'elder', 'spouse', 'relative', 'other'] as const;
const PLATE_TYPES = ['ordinary', 'new_energy', 'trailer', 'coach', 'police', 'embassy', 'hk_macao', 'other'] as const;
const PURPOSES = ['commute', 'business', 'logistics', 'return_home', 'medical', 'visit', 'other'] as const;
const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'loss_of_taste_smell', 'diarrhea', 'short_breath'] as const;
const MAX_COMPANIONS = 10;
const MAX_PLACES = 20;

function group(title: RegisterMessageKey, why: RegisterMessageKey, ...children: Array<HTMLElement | null>): HTMLElement {
  return h('section', { class: 'group' }, h('h2', {}, msg(title)), ...children, h('p', { class: 'why' }, `${msg(why)} ${msg('keep28')}`));
}

function personFields(prefix: string, idOptional: boolean): HTMLElement[] {
  const opt = (label: RegisterMessageKey) => (idOptional ? `${msg(label)} ${msg('optional')}` : msg(label));
  return [
    field(`${prefix}.name`, msg('name'), input(`${prefix}.name`, { autocomplete: prefix === 'person' ? 'name' : 'off', enterkeyhint: 'next' })),
    field(`${prefix}.idType`, opt('idType'), select(`${prefix}.idType`, options('idType', ID_TYPES))),
    field(`${prefix}.idNumber`, opt('idNumber'), input(`${prefix}.idNumber`, { autocapitalize: 'characters', spellcheck: false, maxlength: '30' })),
  ];
}

export class CheckinForm {
  readonly el: HTMLFormElement;
  private readonly has: ReturnType<typeof sectionsOf>;
  private readonly pickers = new Map<string, DivisionPicker>();
  private places: DivisionPicker[] = [];
  private plate: PlateInput | null = null;
  private readonly companionsBox = h('div', { class: 'companions' });
  private readonly placesBox = h('div', { class: 'places' });

  constructor(
    private readonly kind: SiteKind,
    onSubmit: () => void,
    private readonly opts: FormOptions = {},
  ) {
    this.has = sectionsOf(kind);
    this.el = h('form', { class: 'checkin-form', novalidate: true, 'data-kind': kind });
    this.el.addEventListener('submit', (event) => {
      event.preventDefault();
      onSubmit();
    });
    this.build();
  }

  private picker(name: string): DivisionPicker {
    const p = new DivisionPicker(name);
    this.pickers.set(name, p);
    return p;
  }

  private build(): void {
    const has = this.has;
    const parts: Array<HTMLElement | null> = [];
    if (has.direction) parts.push(segmented('direction', msg('direction'), options('direction', ['in', 'out']), 'in'));
    if (has.community) {
      parts.push(
        group(
          'communityTitle',
          'communityWhy',
          segmented('communityRole', msg('communityRole'), options('communityRole', ['resident', 'visitor']), 'resident', () => this.toggles()),
          h('div', { class: 'when-resident' }, h('h3', {}, msg('addressTitle')), ...this.addressFields()),
          h('div', { class: 'when-visitor' }, field('visiting', msg('visiting'), input('visiting', { placeholder: msg('visitingHint') }))),
        ),
      );
    }
    parts.push(
      group(
        'personTitle',
        'personWhy',
        ...personFields('person', !has.idRequired),
        field(
          'person.phone',
          this.opts.phoneOptional ? `${msg('phone')} ${msg('optional')}` : msg('phone'),
          input('person.phone', { type: 'tel', inputmode: 'tel', autocomplete: this.opts.phoneOptional ? 'off' : 'tel', maxlength: '20' }),
        ),
      ),
    );
    parts.push(
      group(
        'companionsTitle',
        'companionsWhy',
        this.companionsBox,
        h('button', { type: 'button', class: 'add add-companion', onclick: () => this.addCompanion() }, msg('addCompanion')),
      ),
    );
    if (has.vehicle) {
      this.plate = new PlateInput('plate');
      parts.push(
        group(
          'vehicleTitle',
          'vehicleWhy',
          h('label', { class: 'switch' }, h('input', { type: 'checkbox', name: 'hasVehicle', onchange: () => this.toggles() }), h('span', {}, msg('hasVehicle'))),
          h(
            'div',
            { class: 'when-vehicle' },
            field('plateType', msg('plateType'), select('plateType', options('plateType', PLATE_TYPES))),
            field('plate', msg('plate'), this.plate.el),
            segmented('vehicleRole', msg('vehicleRole'), options('vehicleRole', ['driver', 'passenger']), 'driver'),
            field('passengers', `${msg('passengers')} ${msg('optional')}`, input('passengers', { inputmode: 'numeric', pattern: '[0-9]*', maxlength: '2' })),
          ),
        ),
      );
    }
    if (has.trip) {
      parts.push(
        group(
          'tripTitle',
          'tripWhy',
          field('origin', msg('origin'), this.picker('origin').el),
          field('destination', msg('destination'), this.picker('destination').el),
          field('purpose', `${msg('purpose')} ${msg('optional')}`, select('purpose', options('purpose', PURPOSES), msg('choose'))),
        ),
      );
    }
    if (has.floating) {
      parts.push(
        group(
          'floatingTitle',
          'floatingWhy',
          field('origin', msg('home'), this.picker('origin').el),
          field('arrivalDate', msg('arrivalDate'), input('arrivalDate', { type: 'date', value: new Date().toLocaleDateString('sv') })),
          h('h3', {}, msg('stayAddress')),
          ...this.addressFields(),
          segmented('hostKind', msg('hostKind'), options('hostKind', ['landlord', 'employer']), 'landlord'),
          field('host', msg('host'), input('host', { maxlength: '60' })),
          field('stayDays', msg('stayDays'), input('stayDays', { inputmode: 'numeric', pattern: '[0-9]*', maxlength: '4' })),
        ),
      );
    }
    if (has.places14d) {
      parts.push(
        group(
          'places14d',
          'placesWhy',
          this.placesBox,
          h('button', { type: 'button', class: 'add add-place', onclick: () => this.addPlace() }, msg('addPlace')),
        ),
      );
    }
    parts.push(
      group(
        'healthTitle',
        'healthWhy',
        has.temperature
          ? field('temperature', `${msg('temperature')} ${msg('optional')}`, input('temperature', { inputmode: 'decimal', maxlength: '4', placeholder: '36.5' }), msg('temperatureHint'))
          : null,
        checkboxes('symptoms', msg('symptoms'), options('symptom', SYMPTOMS)),
      ),
    );
    this.el.append(...parts.filter((p): p is HTMLElement => p !== null));
    this.toggles();
  }

  private addressFields(): HTMLElement[] {
    return [
      h(
        'div',
        { class: 'address-row' },
        field('building', msg('building'), input('building', { maxlength: '20' })),
        field('unit', `${msg('unit')} ${msg('optional')}`, input('unit', { maxlength: '20' })),
        field('room', msg('room'), input('room', { maxlength: '20' })),
      ),
    ];
  }

  /** Shows the parts that apply: resident address or visited resident; vehicle details when in a vehicle. */
  private toggles(): void {
    const role = this.radio('communityRole');
    this.el.querySelectorAll<HTMLElement>('.when-resident').forEach((e) => (e.hidden = role !== 'resident'));
    this.el.querySelectorAll<HTMLElement>('.when-visitor').forEach((e) => (e.hidden = role !== 'visitor'));
    this.el.querySelectorAll<HTMLElement>('.when-vehicle').forEach((e) => (e.hidden = !this.checked('hasVehicle')));
  }

  private control(name: string): HTMLInputElement | HTMLSelectElement | null {
    const found = this.el.elements.namedItem(name);
    return found instanceof HTMLInputElement || found instanceof HTMLSelectElement ? found : null;
  }

  private value(name: string): string {
    return this.control(name)?.value ?? '';
  }

  private setValue(name: string, value: string): void {
    const c = this.control(name);
    if (c) c.value = value;
  }

  private radio(name: string): string {
    return this.el.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
  }

  private setRadio(name: string, value: string): void {
    const r = this.el.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
    if (r) r.checked = true;
  }

  private checked(name: string): boolean {
    return this.el.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.checked ?? false;
  }

  private readCompanions(): CompanionState[] {
    return [...this.companionsBox.children].map((_, i) => ({
      name: this.value(`companions.${i}.name`),
      idType: this.value(`companions.${i}.idType`) as CompanionState['idType'],
      idNumber: this.value(`companions.${i}.idNumber`),
      phone: '',
      relation: this.value(`companions.${i}.relation`),
    }));
  }

  private renderCompanions(list: CompanionState[]): void {
    clear(this.companionsBox);
    list.forEach((c, i) => {
      const prefix = `companions.${i}`;
      this.companionsBox.append(
        h(
          'fieldset',
          { class: 'companion' },
          h('legend', {}, msg('companion', { n: i + 1 })),
          field(`${prefix}.relation`, msg('relation'), select(`${prefix}.relation`, options('relation', RELATIONS))),
          ...personFields(prefix, false),
          h('button', { type: 'button', class: 'remove', onclick: () => this.renderCompanions(this.readCompanions().filter((_, j) => j !== i)) }, msg('remove')),
        ),
      );
      this.setValue(`${prefix}.relation`, c.relation);
      this.setValue(`${prefix}.name`, c.name);
      this.setValue(`${prefix}.idType`, c.idType);
      this.setValue(`${prefix}.idNumber`, c.idNumber);
    });
    this.el.querySelector<HTMLButtonElement>('.add-companion')?.toggleAttribute('hidden', list.length >= MAX_COMPANIONS);
  }

  private addCompanion(): void {
    const list = this.readCompanions();
    this.renderCompanions([...list, { name: '', idType: 'resident_id', idNumber: '', phone: '', relation: 'child' }]);
    this.companionsBox.querySelector<HTMLInputElement>(`input[name="companions.${list.length}.name"]`)?.focus();
  }

  private addPlace(code = ''): DivisionPicker {
    const picker = new DivisionPicker(`places14d.${this.places.length}`);
    this.places.push(picker);
    this.placesBox.append(field(`places14d.${this.places.length - 1}`, `${this.places.length}.`, picker.el));
    if (code) void picker.setValue(code);
    this.el.querySelector<HTMLButtonElement>('.add-place')?.toggleAttribute('hidden', this.places.length >= MAX_PLACES);
    return picker;
  }

  read(): FormState {
    return {
      ...emptyState(),
      direction: this.radio('direction') === 'out' ? 'out' : 'in',
      person: {
        name: this.value('person.name'),
        idType: (this.value('person.idType') || 'resident_id') as FormState['person']['idType'],
        idNumber: this.value('person.idNumber'),
        phone: this.value('person.phone'),
      },
      companions: this.readCompanions(),
      hasVehicle: this.checked('hasVehicle'),
      plateType: this.value('plateType') || 'ordinary',
      plate: this.plate?.value ?? '',
      vehicleRole: this.radio('vehicleRole') || 'driver',
      passengers: this.value('passengers'),
      origin: this.pickers.get('origin')?.value ?? '',
      destination: this.pickers.get('destination')?.value ?? '',
      places14d: this.places.map((p) => p.value),
      temperature: this.value('temperature'),
      symptoms: [...this.el.querySelectorAll<HTMLInputElement>('input[name="symptoms"]:checked')].map((c) => c.value),
      purpose: this.value('purpose'),
      communityRole: this.radio('communityRole') === 'visitor' ? 'visitor' : 'resident',
      visiting: this.value('visiting'),
      building: this.value('building'),
      unit: this.value('unit'),
      room: this.value('room'),
      arrivalDate: this.value('arrivalDate'),
      host: this.value('host'),
      hostKind: this.radio('hostKind') || 'landlord',
      stayDays: this.value('stayDays'),
    };
  }

  /** Fills the form; the division cascades load their levels in the background. */
  async fill(s: FormState): Promise<void> {
    this.setRadio('direction', s.direction);
    this.setRadio('communityRole', s.communityRole);
    for (const [name, value] of Object.entries(s)) if (typeof value === 'string') this.setValue(name, value);
    for (const [name, value] of Object.entries(s.person)) this.setValue(`person.${name}`, value);
    this.renderCompanions(s.companions);
    const vehicle = this.el.querySelector<HTMLInputElement>('input[name="hasVehicle"]');
    if (vehicle) vehicle.checked = s.hasVehicle;
    if (this.plate && s.plate) this.plate.value = s.plate;
    this.setRadio('vehicleRole', s.vehicleRole);
    this.setRadio('hostKind', s.hostKind);
    this.el.querySelectorAll<HTMLInputElement>('input[name="symptoms"]').forEach((c) => (c.checked = s.symptoms.includes(c.value)));
    this.toggles();
    const loads: Array<Promise<void>> = [];
    for (const name of ['origin', 'destination'] as const) if (s[name]) loads.push(this.pickers.get(name)?.setValue(s[name]) ?? Promise.resolve());
    if (this.has.places14d) for (const code of s.places14d.filter(Boolean)) loads.push(this.addPlace().setValue(code));
    await Promise.all(loads);
  }

  /** Shows each message under its field (first error scrolled into view); returns false when none had a place. */
  showErrors(errors: Array<FieldError | { field: string; text: string }>): boolean {
    this.el.querySelectorAll('[data-error-for]').forEach((e) => (e.textContent = ''));
    this.el.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    let first: HTMLElement | null = null;
    for (const error of errors) {
      const slot = this.el.querySelector<HTMLElement>(`[data-error-for="${error.field}"]`);
      if (!slot) continue;
      slot.textContent = 'text' in error ? error.text : msg(error.key);
      slot.closest('.field')?.classList.add('invalid');
      first ??= slot.closest<HTMLElement>('.field');
    }
    first?.scrollIntoView({ block: 'center' });
    first?.querySelector<HTMLElement>('input, select')?.focus({ preventScroll: true });
    return first !== null;
  }

  get siteKind(): SiteKind {
    return this.kind;
  }
}
