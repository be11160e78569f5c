// The phone page. Without a token (/register/) it is the landing text the build wrote into the HTML. From a QR
// code (/r/<token>) it resolves the site, shows the form of its kind, sends the check-in (or keeps it on the
// phone until the network is back) and shows the personal pass.
import { PublicApiError, resolveSite, sendCheckin } from './api.ts';
import { h, clear } from './dom.ts';
import { CheckinForm } from './form.ts';
import { currentLang, LANGS, setLang, storedLang, msg, type Lang, type RegisterMessageKey } from './i18n/index.ts';
import { Outbox, newKey, type Outcome, type Pending, type SiteInfo } from './outbox.ts';
import { lastPass, passView, savePass } from './pass.ts';
import { buildCheckin, formFieldOf, type FormState, type SiteKind } from './payload.ts';
import { forgetProfile, loadProfile, saveProfile, stateFrom } from './remember.ts';
import { phoneStorage } from './storage.ts';
import { refusalText } from './refusal.ts';

type View =
  | { name: 'landing' | 'loading' | 'invalid' | 'unreachable' }
  | { name: 'form'; state?: FormState; errors?: Array<{ field: string; text: string }>; message?: string }
  | { name: 'queued'; key: string }
  | { name: 'pass' };

const storage = phoneStorage();
const outbox = new Outbox(storage);
const app = document.getElementById('app') as HTMLElement;
const landing = document.querySelector<HTMLElement>('.landing');
const token = tokenFromAddress();
let site: SiteInfo | null = null;
let view: View = { name: token ? 'loading' : 'landing' };
let form: CheckinForm | null = null;
let busy = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function tokenFromAddress(): string | null {
  const m = /^\/r\/([^/]+)/.exec(location.pathname);
  const raw = m?.[1] ?? new URLSearchParams(location.search).get('token');
  return raw ? decodeURIComponent(raw) : null;
}

function show(next: View): void {
  if (view.name === 'form' && next.name === 'form' && form && !next.state) next = { ...next, state: form.read() };
  view = next;
  render();
}

function render(): void {
  document.title = site ? `${site.name} · ${msg('title')}` : msg('title');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = msg(el.dataset.i18n as RegisterMessageKey);
  if (landing) landing.hidden = view.name !== 'landing';
  clear(app);
  form = null;
  if (site) app.append(h('header', { class: 'site' }, h('p', { class: 'site-kind' }, msg(`kind.${site.kind}` as RegisterMessageKey)), h('h1', { class: 'site-name' }, site.name), site.orgName ? h('p', { class: 'site-org' }, site.orgName) : null));
  app.append(banner());
  switch (view.name) {
    case 'landing':
      return;
    case 'loading':
      app.append(h('p', { class: 'loading' }, msg('loading')));
      return;
    case 'invalid':
      app.append(h('section', { class: 'notice invalid-token', role: 'alert' }, h('h1', {}, msg('invalidTitle')), h('p', {}, msg('invalidBody'))));
      return;
    case 'unreachable': {
      app.append(h('section', { class: 'notice unreachable', role: 'alert' }, h('h1', {}, msg('unreachableTitle')), h('p', {}, msg('unreachableBody')), h('button', { type: 'button', onclick: () => void start() }, msg('retry'))));
      const pass = lastPass(); // offline at the gate: the last pass is what the person needs
      if (pass) app.append(passView(pass, () => void start()));
      return;
    }
    case 'queued':
      app.append(queuedView());
      return;
    case 'pass': {
      const pass = lastPass();
      if (pass) app.append(passView(pass, () => show({ name: 'form', state: undefined })));
      return;
    }
    case 'form':
      renderForm(view);
  }
}

/** What waits on this phone, and the last pass when another view is shown. */
function banner(): HTMLElement {
  const box = h('div', { class: 'banner' });
  const waiting = outbox.list().length;
  if (waiting && view.name !== 'queued') {
    box.append(h('p', { class: 'waiting' }, msg('queuedWaiting', { n: waiting }), ' ', h('button', { type: 'button', class: 'link', onclick: () => void flush(true) }, msg('sendNow'))));
  }
  if (lastPass() && !['pass', 'loading', 'unreachable'].includes(view.name)) {
    box.append(h('button', { type: 'button', class: 'link last-pass', onclick: () => show({ name: 'pass' }) }, msg('lastPass')));
  }
  return box;
}

function queuedView(): HTMLElement {
  return h(
    'section',
    { class: 'notice queued', role: 'status' },
    h('h2', {}, msg('queuedTitle')),
    h('p', {}, msg('queuedBody')),
    h('button', { type: 'button', class: 'send-now', onclick: () => void flush(true) }, msg('sendNow')),
  );
}

function renderForm(v: Extract<View, { name: 'form' }>): void {
  if (!site) return;
  const kind = site.kind as SiteKind;
  form = new CheckinForm(kind, () => void submit());
  const profile = loadProfile(storage);
  if (profile) {
    app.append(
      h(
        'div',
        { class: 'one-tap' },
        h('button', { type: 'button', class: 'primary one-tap-button', onclick: () => void submit(stateFrom(profile, form?.read().direction ?? 'in')) }, msg('oneTap', { name: profile.person.name })),
        h('p', { class: 'hint' }, msg('oneTapOr')),
      ),
    );
  }
  const rememberBox = h('input', { type: 'checkbox', name: 'remember', checked: profile !== null });
  form.el.append(
    h('label', { class: 'switch remember' }, rememberBox, h('span', {}, msg('remember'))),
    h('p', { class: 'why' }, msg('rememberWhy'), ' ', profile ? h('button', { type: 'button', class: 'link forget', onclick: () => (forgetProfile(storage), show({ name: 'form' })) }, msg('forget')) : null),
    h('p', { class: 'form-error', role: 'alert' }, v.message ?? ''),
    h('button', { type: 'submit', class: 'primary submit', disabled: busy }, busy ? msg('sending') : msg('submit')),
  );
  app.append(form.el);
  const current = form;
  const state = v.state ?? (profile ? stateFrom(profile, 'in') : undefined);
  if (state) void current.fill(state).then(() => v.errors && current.showErrors(v.errors));
  else if (v.errors) current.showErrors(v.errors);
}

async function submit(oneTap?: FormState): Promise<void> {
  if (!site || !token || busy) return;
  const state = oneTap ?? form?.read();
  if (!state) return;
  const { body, errors } = buildCheckin(site.kind as SiteKind, state, token, newKey(), currentLang());
  if (errors.length) {
    show({ name: 'form', state, errors: errors.map((e) => ({ field: e.field, text: msg(e.key) })), message: msg('fixAbove') });
    return;
  }
  const remember = app.querySelector<HTMLInputElement>('input[name="remember"]');
  if (remember?.checked) saveProfile(storage, state);
  else if (remember && !oneTap) forgetProfile(storage);
  // Kept before the first attempt: a tab closed mid-request still sends it later, under the same key.
  outbox.add(body, site);
  setBusy(true);
  const outcome = await outbox.attempt(body.key, sendCheckin);
  setBusy(false);
  settle(outbox.list().find((p) => p.key === body.key) ?? { key: body.key, body, site, createdAt: Date.now(), attempts: 0, nextAt: 0 }, outcome, state);
}

function setBusy(on: boolean): void {
  busy = on;
  for (const b of app.querySelectorAll<HTMLButtonElement>('button.submit, button.one-tap-button')) {
    b.disabled = on;
    if (b.classList.contains('submit')) b.textContent = on ? msg('sending') : msg('submit');
  }
}

/** Applies the result of one attempt to the screen. */
function settle(item: Pending, outcome: Outcome | null, state?: FormState): void {
  if (!outcome) return;
  if (outcome.ok) {
    const people = 1 + ((item.body.companions as unknown[] | undefined)?.length ?? 0);
    savePass({ ...outcome.accepted, site: item.site, at: Date.now(), people });
    if (state || (view.name === 'queued' && view.key === item.key)) show({ name: 'pass' });
    else render();
  } else if (outcome.retry) {
    if (state) show({ name: 'queued', key: item.key });
    schedule();
  } else if (/^site\./.test(outcome.code)) {
    if (state) show({ name: 'invalid' });
  } else if (state) {
    const field = formFieldOf(outcome.field);
    const text = refusalText(outcome, field, currentLang());
    show({ name: 'form', state, errors: field ? [{ field, text }] : [], message: msg('err.refused', { message: text }) });
  } else render();
}

async function flush(force = false): Promise<void> {
  const results = await outbox.flush(sendCheckin, { force });
  for (const { item, outcome } of results) settle(item, outcome);
  if (!results.length && view.name !== 'form') render();
  schedule();
}

function schedule(): void {
  clearTimeout(retryTimer);
  const due = outbox.nextDue();
  if (due !== null) retryTimer = setTimeout(() => void flush(), Math.max(1_000, due - Date.now()));
}

async function start(): Promise<void> {
  if (!token) return show({ name: 'landing' });
  show({ name: 'loading' });
  try {
    site = await resolveSite(token, currentLang());
    show({ name: 'form' });
  } catch (e) {
    show({ name: e instanceof PublicApiError && e.status >= 400 && e.status < 500 && e.status !== 429 ? 'invalid' : 'unreachable' });
  }
}

async function chooseLang(lang: Lang): Promise<void> {
  await setLang(lang);
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-locale]')) b.setAttribute('aria-pressed', String(b.dataset.locale === lang));
  show(view.name === 'form' ? { ...view, state: undefined, errors: undefined, message: undefined } : view);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-locale]')) {
  button.addEventListener('click', () => void chooseLang((LANGS as readonly string[]).includes(button.dataset.locale ?? '') ? (button.dataset.locale as Lang) : 'zh'));
}
document.querySelector<HTMLElement>('.locales')?.removeAttribute('hidden');
window.addEventListener('online', () => void flush(true));
// Keeps the page on the phone so the last pass opens offline (see web/shared/sw.template.js).
if ('serviceWorker' in navigator) {
  for (const scope of ['/r/', '/register/']) navigator.serviceWorker.register('/register-sw.js', { scope }).catch(() => undefined);
}

void (async () => {
  await chooseLang(storedLang());
  await start();
  await flush(true); // what an earlier visit could not send
})();
