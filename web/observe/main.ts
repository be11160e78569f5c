// The home-observation page (/observe/#<token>): the person's day of observation, today's two reports, and a form
// for the temperature and symptoms. Plain DOM, no framework. A report is kept on the phone (with its client id)
// before the first attempt, so one sent without network, or whose answer was lost, is sent later and stored once.
import { h, clear } from '../register/dom.ts';
import { fetchStatus, newClientId, Queue, retryable, sendReport, ApiError, type Outcome, type Report, type Status } from './api.ts';
import { currentLang, initialLang, setLang, SYMPTOMS, t, type Key, type Lang } from './i18n.ts';

type View = 'no-token' | 'loading' | 'invalid' | 'unreachable' | 'ready';

const app = document.getElementById('app') as HTMLElement;
const queue = new Queue();
const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
let view: View = token ? 'loading' : 'no-token';
let status: Status | null = null;
let problem = '';
let message = '';
let formError = '';
let busy = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = 5_000;

/** Today as the server counts days (China time), for the reports waiting on this phone. */
const localToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const fmtDay = (isoTime: string) => new Date(Date.parse(isoTime) + 8 * 3_600_000).toISOString().slice(0, 10);
const waiting = () => queue.list().filter((r) => r.token === token);

function slotState(half: 'am' | 'pm'): 'done' | 'pending' | 'open' {
  if (status?.today[half]) return 'done';
  return waiting().some((r) => r.slot === half && r.day === localToday()) ? 'pending' : 'open';
}

function render(): void {
  document.title = t('title');
  for (const el of document.querySelectorAll<HTMLElement>('.title')) el.textContent = t('title');
  for (const el of document.querySelectorAll<HTMLElement>('footer.why')) el.textContent = t('why');
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-locale]')) b.setAttribute('aria-pressed', String(b.dataset.locale === currentLang()));
  clear(app);
  if (view === 'no-token') return void app.append(h('section', { class: 'notice invalid' }, h('p', {}, t('noToken'))));
  if (view === 'loading') return void app.append(h('p', { class: 'loading' }, t('loading')));
  if (view === 'invalid') return void app.append(h('section', { class: 'notice invalid', role: 'alert' }, h('h2', {}, t('invalidTitle')), h('p', {}, problem)));
  if (view === 'unreachable' && !status) {
    app.append(h('section', { class: 'notice invalid', role: 'alert' }, h('p', {}, t('unreachable')), h('button', { type: 'button', class: 'primary', onclick: () => void load() }, t('retry'))));
    app.append(queuedNotice());
    return;
  }
  if (!status) return;
  const s = status;
  app.append(
    h('section', { class: 'card who' }, h('p', { class: 'person' }, t('person', { name: s.person ?? '' })), h('p', { class: 'day' }, s.day ? t('day', { day: s.day, days: s.days }) : t('until', { end: fmtDay(s.endAt) }))),
    h('section', { class: 'card today' }, h('h2', {}, t('today')), ...(['am', 'pm'] as const).map((half) => {
      const state = slotState(half);
      return h('p', { class: `slot ${state}`, 'data-slot': half }, h('span', {}, t(half)), h('strong', { class: 'state' }, t(state as Key)));
    })),
  );
  if (message) app.append(h('p', { class: 'message', role: 'status' }, message));
  app.append(queuedNotice());
  if (s.status !== 'active') app.append(h('section', { class: 'notice ended' }, h('p', {}, t('ended'))));
  else if (!s.slot) app.append(h('section', { class: 'notice no-slot' }, h('p', {}, t('noSlot'))));
  else app.append(form(s.slot));
}

function queuedNotice(): HTMLElement | string {
  if (!waiting().length) return '';
  return h('section', { class: 'notice queued', role: 'status' }, h('p', {}, t('queued')), h('button', { type: 'button', class: 'send-now', onclick: () => void flush() }, t('sendNow')));
}

function form(slot: 'am' | 'pm'): HTMLElement {
  const input = h('input', { type: 'text', name: 'temperature', inputmode: 'decimal', autocomplete: 'off', placeholder: '36.5', maxlength: 4, 'aria-describedby': 'temperature-hint' });
  const el = h(
    'form',
    { class: 'card report-form', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void submit(e.currentTarget as HTMLFormElement, slot)) },
    h('label', { class: 'field' }, h('span', {}, t('temperature')), input),
    h('p', { class: 'hint', id: 'temperature-hint' }, t('temperatureHint')),
    h('fieldset', { class: 'symptoms' }, h('legend', {}, t('symptoms')), ...SYMPTOMS.map((code) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'symptom', value: code }), h('span', {}, t(`symptom.${code}` as Key))))),
    h('p', { class: 'form-error', role: 'alert' }, formError),
    h('button', { type: 'submit', class: 'primary submit', disabled: busy }, busy ? t('sending') : t('submit', { slot: t(`slot.${slot}`) })),
  );
  return el;
}

/** 35.0-42.0, at most one decimal, as the server checks it. */
function readTemperature(raw: string): number | null {
  const text = raw.trim().replace(',', '.');
  if (!/^\d{2}(\.\d)?$/.test(text)) return null;
  const value = Number(text);
  return value >= 35 && value <= 42 ? value : null;
}

async function submit(el: HTMLFormElement, slot: 'am' | 'pm'): Promise<void> {
  if (busy || !status) return;
  const temperature = readTemperature((el.elements.namedItem('temperature') as HTMLInputElement).value);
  const symptoms = [...el.querySelectorAll<HTMLInputElement>('input[name="symptom"]:checked')].map((c) => c.value);
  if (temperature === null) {
    formError = t('badTemperature');
    return render();
  }
  formError = '';
  message = '';
  const report: Report = { token, clientId: newClientId(), temperature, symptoms, slot, day: localToday() };
  // Kept before the first attempt: a closed tab or a lost answer still sends it later, under the same id.
  queue.add(report);
  busy = true;
  render();
  const outcome = await sendReport(report, currentLang());
  busy = false;
  if (outcome.ok || !outcome.retry) queue.remove(report.clientId);
  await settle(report, outcome);
}

async function settle(report: Report, o: Outcome): Promise<void> {
  if (o.ok) {
    retryDelay = 5_000;
    const flagged = report.temperature >= 37.3 || report.symptoms.length > 0;
    message = `${t('sent', { slot: t(`slot.${o.slot}`) })}${flagged ? ` ${t('fever')}` : ''}`;
    if (status) status = { ...status, today: { ...status.today, [o.slot]: true } };
    await refresh();
  } else if (o.retry) {
    schedule();
  } else {
    formError = o.message;
    await refresh();
  }
  render();
}

async function flush(): Promise<void> {
  clearTimeout(retryTimer);
  await queue.flush(currentLang(), (r, o) => void settle(r, o));
  render();
  if (waiting().length) schedule();
}

function schedule(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void flush(), retryDelay);
  retryDelay = Math.min(60_000, retryDelay * 2);
}

/** The status again, quietly: a failure keeps what the page shows. */
async function refresh(): Promise<void> {
  try {
    status = await fetchStatus(token, currentLang());
  } catch {
    // offline: keep the last one
  }
}

async function load(): Promise<void> {
  if (!token) return render();
  view = 'loading';
  render();
  try {
    status = await fetchStatus(token, currentLang());
    view = 'ready';
  } catch (e) {
    view = retryable(e) ? 'unreachable' : 'invalid';
    problem = e instanceof ApiError ? e.message : String(e);
  }
  render();
}

function choose(lang: Lang): void {
  setLang(lang);
  void load();
}

for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-locale]')) b.addEventListener('click', () => choose(b.dataset.locale === 'en' ? 'en' : 'zh'));
document.querySelector<HTMLElement>('.locales')?.removeAttribute('hidden');
window.addEventListener('online', () => void flush());
window.addEventListener('hashchange', () => location.reload());

setLang(initialLang());
void load().then(() => flush());
