// The officer app (警务通) in Chromium as a phone (390x844, touch) against a real server (SQLite), served from
// dist/web (npm run build:web): log in, choose a site, the masked feed, live check-ins with the flagged one pinned
// and an alert, a reveal for a purpose, a pass scanned through Chromium's fake camera (a .y4m video of a real pass
// QR) with a decision that reaches the feed, a look-up by ID number, assisted registration of an elderly person
// without a phone (online, then offline: sent once when the network is back), and the shift summary. Then the app
// opened without a network: from the service worker, working from the officer and sites the phone remembers, with
// assisted registrations sent once the session is confirmed again (never under another session), a checkpoint's
// form filled through place pickers kept from online (of API answers, only the public division lists are ever kept),
// and the remembered summary forgotten at logout. Synthetic people only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator, PASSWORD, seedUser } from '../helpers/factories.ts';
import { writeQrY4m } from '../helpers/fake-camera.ts';
import { idemKey, syntheticId, syntheticPerson } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const ADMIN_PASSWORD = 'Tg-officer-test-2024';
const STEP_TIMEOUT = 30_000;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' };

interface Item {
  id: string;
  name: string;
  enteredBy: string | null;
  enteredByName?: string | null;
  decision: { decision: string } | null;
}

let server: RunningServer;
let browser: Browser;
let tmp: string;
let officerId: string;
const sites = { checkpoint: { code: '', token: '' }, station: { code: '', token: '' }, community: { code: '', token: '' }, outside: { code: '', token: '' } };
const people = {
  zhang: syntheticPerson('张三'),
  zhao: syntheticPerson('赵六'),
  sun: syntheticPerson('孙七'),
  li: syntheticPerson('李四'),
  zhou: syntheticPerson('周八'),
};
const ids = {} as Record<keyof typeof people, string>;

async function checkin(token: string, body: Record<string, unknown>): Promise<{ id: string; pass: string; flags: string[] }> {
  const res = await fetch(`${server.url}/api/v1/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, key: idemKey(), direction: 'in', ...body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; pass: string; flags: string[] };
}

/** At a checkpoint: origin and destination are required. */
const atCheckpoint = (person: object, extra: Record<string, unknown> = {}) => checkin(sites.checkpoint.token, { person, origin: '150102', destination: '110101', ...extra });

/** Chooses a place in a form's province > city > county picker, level by level. */
async function cascade(page: Page, name: string, codes: string[]): Promise<void> {
  for (let level = 0; level < codes.length; level++) {
    await page.locator(`.cascade[data-name="${name}"] select[data-level="${level}"]`).selectOption(codes[level]);
  }
}

/** The administrator's view through the API, to check what the pages did. */
async function admin() {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async <T>(pathAndQuery: string): Promise<T> => {
    const r = await fetch(`${server.url}${pathAndQuery}`, { headers: { cookie } });
    expect(r.status).toBe(200);
    return (await r.json()) as T;
  };
}

async function checkinsAt(code: string): Promise<Item[]> {
  const get = await admin();
  return (await get<{ items: Item[] }>(`/api/v1/checkins?site=${code}&limit=200`)).items;
}

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const { ctx } = server.runtime;
  officerId = (await seedUser(ctx, 'officer.wang', 'officer', ['150102'])).id;
  const add = async (key: keyof typeof sites, orgCode: string, kind: 'checkpoint' | 'station' | 'community', name: string) => {
    const site = await createSite(ctx, operator, { orgCode, kind, name });
    sites[key] = { code: site.code, token: decodeURIComponent(new URL(site.url).pathname.split('/').pop()!) };
  };
  await add('checkpoint', '150102', 'checkpoint', '金桥卡口');
  await add('station', '150102', 'station', '新城区检测站');
  await add('community', '150102001001', 'community', '阳光社区北门');
  await add('outside', '150202', 'checkpoint', '东河区卡口');

  ids.zhang = (await atCheckpoint(people.zhang, { temperature: 36.5 })).id;
  const zhao = await atCheckpoint(people.zhao, { temperature: 36.7 });
  ids.zhao = zhao.id;

  // The fake camera shows 赵六's personal pass, a real one from the server.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-officer-'));
  const video = path.join(tmp, 'pass.y4m');
  writeQrY4m(video, zhao.pass);
  browser = await launchBrowser({ fakeCamera: video });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 60_000);

describe('officer app on a phone', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    context = await browser.newContext(PHONE);
    await context.grantPermissions(['camera'], { origin: server.url });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
    // Records the vibrations the page asks for (headless Chromium has no motor to ask).
    await page.addInitScript(() => {
      const calls: unknown[] = [];
      Object.defineProperty(window, '__vibrations', { value: calls });
      Object.defineProperty(navigator, 'vibrate', { configurable: true, value: (pattern: unknown) => (calls.push(pattern), true) });
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('logs in, offers the sites of my scope and shows the feed masked', async () => {
    await page.goto(`${server.url}/officer/`);
    await login(page, 'officer.wang', PASSWORD);
    await page.locator('nav.tabs').waitFor();
    await page.waitForURL(/\/officer\/feed$/);
    const chooser = page.locator('select[name="feed-site"]');
    const options = await chooser.locator('option').allInnerTexts();
    expect(options.join('|')).toContain('金桥卡口');
    expect(options.join('|')).toContain('新城区检测站');
    expect(options.join('|')).not.toContain('东河区卡口'); // outside my scope
    await chooser.selectOption(sites.checkpoint.code);
    const zhang = page.locator(`.entry[data-id="${ids.zhang}"]`);
    await zhang.waitFor();
    expect(await zhang.locator('.name').innerText()).toBe('张*');
    expect(await zhang.locator('.id-number').innerText()).toBe(`${people.zhang.idNumber.slice(0, 3)}***********${people.zhang.idNumber.slice(-4)}`);
    expect(await zhang.locator('.phone').innerText()).toBe(`${people.zhang.phone.slice(0, 3)}****${people.zhang.phone.slice(-4)}`);
    const text = await page.locator('body').innerText();
    for (const p of Object.values(people)) {
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.phone);
    }
    expect(await page.evaluate(() => localStorage.getItem('tg_officer_site'))).toBe(sites.checkpoint.code);
    await page.locator('.stream[data-state="live"]').waitFor();
    await snap(page, 'officer-feed');
  }, 120_000);

  it('shows new check-ins live, newest first, the flagged one pinned on top with an alert', async () => {
    await page.locator('.latest .o-title').tap(); // a first gesture: the page may now play the alert sound
    ids.sun = (await atCheckpoint(people.sun, { temperature: 36.4 })).id;
    await page.locator(`.latest .entry[data-id="${ids.sun}"]`).waitFor();
    expect(await page.locator('.latest .entry').first().getAttribute('data-id')).toBe(ids.sun);
    await checkin(sites.community.token, { person: people.zhou, community: { role: 'visitor', visiting: '3号楼' } }); // another site

    const fever = await atCheckpoint(people.li, { temperature: 38.2 });
    expect(fever.flags).toEqual(['fever']);
    ids.li = fever.id;
    const pinned = page.locator(`.pinned .entry[data-id="${ids.li}"]`);
    await pinned.waitFor();
    expect(await pinned.locator('.name').innerText()).toBe('李*');
    await see(page, `.pinned .entry[data-id="${ids.li}"] .o-flag`, '发热');
    await see(page, '.tabs .tab-feed .badge', '1');
    expect(await page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations)).toEqual([[200, 100, 200]]);
    expect(await page.locator('.feed-view').innerText()).not.toContain('周*'); // not at the chosen site
    await snap(page, 'officer-feed-flagged');
  }, 120_000);

  it('reveals a check-in for a stated purpose, then acknowledges the alert', async () => {
    await page.locator(`.pinned .entry[data-id="${ids.li}"] button.open`).tap();
    const sheet = page.locator('.checkin-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('.masked-name').innerText()).toBe('李*');
    await sheet.locator('input[name="purpose"]').fill('核查');
    await sheet.locator('.confirm-reveal').tap();
    await see(page, '.checkin-sheet .purpose-error', '至少需要 4 个字符');
    await sheet.locator('input[name="purpose"]').fill('卡口核查：浏览器测试');
    await sheet.locator('.confirm-reveal').tap();
    await see(page, '.checkin-sheet .clear-name', '李四');
    await see(page, '.checkin-sheet .clear-id', people.li.idNumber);
    await see(page, '.checkin-sheet .clear-phone', people.li.phone);
    await see(page, '.checkin-sheet .clear-origin', '内蒙古自治区呼和浩特市新城区 (150102)');
    await snap(page, 'officer-reveal');
    await sheet.locator('.close').tap();
    await sheet.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(people.li.idNumber);

    await page.locator(`.pinned .entry[data-id="${ids.li}"] .ack`).tap();
    await page.locator(`.latest .entry[data-id="${ids.li}"]`).waitFor();
    expect(await page.locator('.pinned').count()).toBe(0);
  }, 120_000);

  it("scans a pass with the phone camera, records 'hold', and the feed shows it", async () => {
    await page.locator('.tabs .tab-scan').tap();
    await page.waitForURL(/\/officer\/scan$/);
    const result = page.locator('.scan-result');
    await result.waitFor(); // the fake camera shows 赵六's pass; the worker decodes it
    expect(await result.locator('.entry .name').first().innerText()).toBe('赵*');
    await see(page, '.scan-result .no-lists', '不在任何名单中');
    expect(await result.innerText()).not.toContain(people.zhao.idNumber);
    await snap(page, 'officer-scan');
    await result.locator('.decide-hold').tap();
    await see(page, '.scan-result .recorded', '已记录');
    await see(page, '.scan-result .current-decision', '留验');
    expect(await page.evaluate(() => document.querySelector<HTMLVideoElement>('video.camera')?.srcObject ?? null)).toBeNull(); // camera closed after the read

    await page.locator('.tabs .tab-feed').tap();
    await see(page, `.entry[data-id="${ids.zhao}"] .decision`, /留验 · officer\.wang/);
    const stored = (await checkinsAt(sites.checkpoint.code)).find((i) => i.id === ids.zhao);
    expect(stored?.decision?.decision).toBe('hold');
  }, 120_000);

  it('looks a person up by ID number, with a purpose', async () => {
    await page.locator('.tabs .tab-lookup').tap();
    await page.locator('input[name="lookup-value"]').fill(people.li.idNumber.toLowerCase());
    await page.locator('.lookup-submit').tap();
    await see(page, '.lookup-view .purpose-error', '请说明查看用途');
    await page.locator('input[name="lookup-purpose"]').fill('卡口核查：浏览器测试查询');
    await page.locator('.lookup-submit').tap();
    await see(page, '.lookup-results .found', '找到 1 条登记');
    expect(await page.locator('.lookup-results .entry .name').innerText()).toBe('李*');
    expect(await page.locator('.lookup-results .entry').getAttribute('data-id')).toBe(ids.li);
    await snap(page, 'officer-lookup');
    const get = await admin();
    const audit = await get<{ items: Array<{ action: string; purpose: string | null; actorName: string | null }> }>('/api/v1/audit?action=lookup');
    expect(audit.items.some((e) => e.purpose === '卡口核查：浏览器测试查询')).toBe(true);
  }, 120_000);

  it('registers an elderly person without a phone, marked as entered by the officer', async () => {
    await page.locator('.tabs .tab-register').tap();
    await page.locator('select[name="assist-site"]').selectOption(sites.station.code);
    const form = page.locator('form.checkin-form[data-kind="station"]');
    await form.waitFor();
    await form.locator('input[name="person.name"]').fill('王奶奶');
    await form.locator('input[name="person.idNumber"]').fill(syntheticId('19400315'));
    await form.locator('input[name="temperature"]').fill('36.6');
    await snap(page, 'officer-assist-form');
    await page.locator('.submit-assist').tap();
    const done = page.locator('.assist-result').first();
    await done.waitFor();
    await see(page, '.assist-result .done', '登记成功');
    await done.locator('.pass-qr svg').waitFor();
    expect(await done.locator('.result-name').innerText()).toBe('王**');
    await snap(page, 'officer-assist-done');

    const items = await checkinsAt(sites.station.code);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: '王**', enteredBy: officerId });
  }, 120_000);

  it('keeps an assisted registration made offline and sends it exactly once when the network is back', async () => {
    await context.setOffline(true);
    const form = page.locator('form.checkin-form[data-kind="station"]');
    await form.locator('input[name="person.name"]').fill('刘爷爷');
    await form.locator('input[name="person.idNumber"]').fill(syntheticId('19380808'));
    await page.locator('.submit-assist').tap();
    await see(page, '.assist-queued', '网络不通');
    await see(page, '.assist-waiting .waiting-count', '1 条登记保存在本机');
    await see(page, '.tabs .tab-register .badge', '1');
    await snap(page, 'officer-assist-waiting');
    expect(await checkinsAt(sites.station.code)).toHaveLength(1);

    await context.setOffline(false); // fires `online`: the app sends what it kept
    await page.locator('.assist-waiting').waitFor({ state: 'detached' });
    await see(page, '.assist-result .result-name', '刘**');
    await page.waitForTimeout(1_000); // nothing else on its way
    const items = await checkinsAt(sites.station.code);
    expect(items.map((i) => i.name).sort()).toEqual(['刘**', '王**'].sort());
    expect(items.every((i) => i.enteredBy === officerId)).toBe(true);
    await page.locator('.stream[data-state="live"]').waitFor(); // the feed reconnected too
  }, 120_000);

  it('shows the shift summary of a site', async () => {
    await page.locator('.tabs .tab-summary').tap();
    await page.locator('select[name="summary-site"]').selectOption(sites.checkpoint.code);
    const shift = page.locator(`.shift[data-site="${sites.checkpoint.code}"]`);
    await shift.waitFor();
    expect(await shift.locator('.count-in strong').innerText()).toBe('4'); // 张三, 赵六, 孙七, 李四
    expect(await shift.locator('.count-out strong').innerText()).toBe('0');
    expect(await shift.locator('.count-flagged strong').innerText()).toBe('1');
    expect(await shift.locator('.count-hold strong').innerText()).toBe('1');
    expect(await shift.locator('.count-pass strong').innerText()).toBe('0');
    await see(page, '.shift .busiest-value', /\d{2}:00，\d+ 人/);
    expect(await shift.locator('.bars .bar').count()).toBeGreaterThan(0);
    await snap(page, 'officer-summary');
  }, 120_000);

  it('switches to English', async () => {
    await page.locator('.locales').getByText('English').tap();
    await see(page, '.tabs .tab-feed', 'Feed');
    await see(page, '.shift .count-in', 'In');
    await see(page, '.shift .count-hold', 'Hold for screening');
    await snap(page, 'officer-summary-en');
    await page.locator('.tabs .tab-feed').tap();
    await see(page, `.entry[data-id="${ids.zhao}"] .decision`, 'Hold for screening');
    await see(page, '.stream', 'Live');
    await snap(page, 'officer-feed-en');
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('officer app opened offline', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const REMEMBERED = 'tg_officer_session';
  const DIVISIONS_CACHE = 'tracegrid-divisions-v1';

  const remembered = () => page.evaluate((key) => localStorage.getItem(key), REMEMBERED);
  const outbox = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as unknown[] | null, `tg_officer_outbox:${officerId}`);
  const named = async (name: string, site = sites.station.code) => (await checkinsAt(site)).filter((i) => i.name === name);
  /** Every cache of the origin: its name and what it keeps (path and query). */
  const cached = () =>
    page.evaluate(async () => {
      const kept: Array<{ cache: string; path: string }> = [];
      for (const cache of await caches.keys()) {
        for (const request of await (await caches.open(cache)).keys()) {
          const url = new URL(request.url);
          kept.push({ cache, path: url.pathname + url.search });
        }
      }
      return kept;
    });
  /** The only API answers ever kept: the public GB/T 2260 division lists, in their own cache. */
  async function onlyDivisionsKept(): Promise<string[]> {
    const api = (await cached()).filter((k) => k.path.startsWith('/api/'));
    expect(api.filter((k) => !/^\/api\/v1\/divisions(\?parent=\d{6})?$/.test(k.path))).toEqual([]);
    expect(new Set(api.map((k) => k.cache))).toEqual(new Set(api.length ? [DIVISIONS_CACHE] : []));
    return api.map((k) => k.path);
  }

  /** Offline, the reload comes from the service worker; the remembered officer works from the phone. */
  async function reopenOffline(): Promise<void> {
    await context.setOffline(true);
    await page.reload();
    await see(page, '.offline-banner .offline-title', '离线工作');
    await see(page, 'header.bar .stream[data-state="offline"]', '离线');
  }

  /** 代登记 of someone without a phone at the station, while the app works offline: it waits on the phone. */
  async function registerOffline(name: string, birth: string): Promise<void> {
    await page.locator('.tabs .tab-register').tap();
    await page.locator('select[name="assist-site"]').selectOption(sites.station.code);
    const form = page.locator('form.checkin-form[data-kind="station"]');
    await form.waitFor();
    await form.locator('input[name="person.name"]').fill(name);
    await form.locator('input[name="person.idNumber"]').fill(syntheticId(birth));
    await page.locator('.submit-assist').tap();
    await see(page, '.assist-queued', '网络不通');
    await see(page, '.assist-waiting .waiting-count', '1 条登记保存在本机');
    await see(page, '.tabs .tab-register .badge', '1');
  }

  beforeAll(async () => {
    context = await browser.newContext(PHONE);
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('keeps the app on the phone (of API answers only the division lists) and remembers the officer and their sites', async () => {
    await page.goto(`${server.url}/officer/`);
    await login(page, 'officer.wang', PASSWORD);
    await page.locator('nav.tabs').waitFor();
    // The service worker (officer-sw.js, scope /officer/) has kept the app's files and controls the page.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(new URL(scope).pathname).toBe('/officer/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const kept = (await cached()).map((k) => k.path);
    expect(kept).toContain('/officer/');
    expect(kept.some((p) => /^\/assets\/officer-[\w-]+\.js$/.test(p))).toBe(true);
    expect(kept.some((p) => /^\/assets\/ScanView-[\w-]+\.js$/.test(p))).toBe(true); // the lazily loaded tabs
    expect(kept.some((p) => /^\/assets\/AssistView-[\w-]+\.js$/.test(p))).toBe(true);
    expect(kept.some((p) => /^\/assets\/qr-worker-[\w-]+\.js$/.test(p))).toBe(true); // the pass decoder
    await onlyDivisionsKept();
    // A new build's worker reaches the phones at once: its script is never kept by HTTP caches.
    expect((await fetch(`${server.url}/officer-sw.js`)).headers.get('cache-control')).toBe('no-cache');

    await page.locator('.tabs .tab-register').tap();
    await page.locator('select[name="assist-site"]').waitFor();
    // What the phone keeps for offline use: the officer's own summary and their sites with the posters' tokens.
    const summary = JSON.parse((await remembered()) ?? 'null') as Record<string, unknown> & { sites: Array<Record<string, string>> };
    expect(Object.keys(summary).sort()).toEqual(['displayName', 'id', 'role', 'scopes', 'sites', 'username']);
    expect(summary).toMatchObject({ id: officerId, username: 'officer.wang', role: 'officer' });
    expect(summary.sites.find((s) => s.code === sites.station.code)).toEqual({
      code: sites.station.code,
      name: '新城区检测站',
      kind: 'station',
      orgName: expect.any(String),
      token: sites.station.token,
    });
    expect(summary.sites.map((s) => s.code)).not.toContain(sites.outside.code); // outside the officer's scope
    expect(JSON.stringify(summary)).not.toMatch(/csrf|cookie|tg_sid/i);
  }, 120_000);

  it('opened offline, takes an assisted registration and sends it once, as that officer, when the network is back', async () => {
    await reopenOffline();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.evaluate(() => fetch('/api/v1/me').then(() => 'answered', () => 'failed'))).toBe('failed'); // never from a cache
    await page.locator('.tabs .tab-feed').tap();
    await see(page, '.needs-network', '“动态”需要网络'); // as do scan, look-up and summary
    await snap(page, 'officer-offline');
    await page.locator('.tabs .tab-lookup').tap();
    await see(page, '.needs-network', '“查询”需要网络');

    await registerOffline('陈奶奶', '19420101');
    await snap(page, 'officer-offline-assist');
    expect(await named('陈**')).toEqual([]);

    await context.setOffline(false); // fires `online`: the session is confirmed, then the outbox is sent
    await page.locator('.offline-banner').waitFor({ state: 'detached' });
    await page.locator('.assist-waiting').waitFor({ state: 'detached' });
    await see(page, '.assist-result .result-name', '陈**');
    await page.waitForTimeout(1_000); // nothing else on its way
    const sent = await named('陈**');
    expect(sent).toHaveLength(1);
    expect(sent[0].enteredBy).toBe(officerId);
    expect(await outbox()).toEqual([]);
    await page.locator('.stream[data-state="live"]').waitFor();
  }, 120_000);

  it('opened offline, fills a checkpoint form through the place pickers kept from online, and sends it once', async () => {
    // Online at the checkpoint's form: the app has warmed the pickers of the officer's province (150000, its cities
    // and their counties) in the background after login; the officer opens Beijing in the destination picker.
    await page.locator('.tabs .tab-register').tap();
    await page.locator('select[name="assist-site"]').selectOption(sites.checkpoint.code);
    const online = page.locator('form.checkin-form[data-kind="checkpoint"]');
    await online.waitFor();
    await online.locator('.cascade[data-name="destination"] select[data-level="0"]').selectOption('110000');
    await online.locator('.cascade[data-name="destination"] select[data-level="1"] option[value="110101"]').waitFor({ state: 'attached' });
    const warmed = ['/api/v1/divisions', '/api/v1/divisions?parent=150000', '/api/v1/divisions?parent=150100', '/api/v1/divisions?parent=150200'];
    await expect.poll(onlyDivisionsKept, { timeout: STEP_TIMEOUT }).toEqual(expect.arrayContaining([...warmed, '/api/v1/divisions?parent=110000']));
    expect(await onlyDivisionsKept()).not.toContain('/api/v1/divisions?parent=420000'); // never opened
    // The register page's worker, installed on the same phone, keeps its own cache and leaves the others alone.
    const poster = await context.newPage();
    await poster.goto(`${server.url}/r/${encodeURIComponent(sites.checkpoint.token)}`);
    await poster.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await poster.close();
    const names = new Set((await cached()).map((k) => k.cache));
    expect([...names].filter((n) => n.startsWith('tg-officer-'))).toHaveLength(1);
    expect([...names].filter((n) => n.startsWith('tg-register-'))).toHaveLength(1);
    expect(names).toContain(DIVISIONS_CACHE);
    // Offline, the answers can only come from the service worker's cache, not from the browser's HTTP cache.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();

    await reopenOffline();
    const answers: Array<{ url: string; status: number; fromServiceWorker: boolean }> = [];
    const onResponse = (r: PageResponse) => {
      if (r.url().includes('/api/v1/divisions')) answers.push({ url: r.url(), status: r.status(), fromServiceWorker: r.fromServiceWorker() });
    };
    page.on('response', onResponse);
    await page.locator('.tabs .tab-register').tap();
    await page.locator('select[name="assist-site"]').selectOption(sites.checkpoint.code);
    const form = page.locator('form.checkin-form[data-kind="checkpoint"]');
    await form.waitFor();
    await form.locator('input[name="person.name"]').fill('郑爷爷');
    await form.locator('input[name="person.idNumber"]').fill(syntheticId('19410707'));
    await cascade(page, 'origin', ['150000', '150100', '150102']); // warmed
    await cascade(page, 'destination', ['110000', '110101']); // opened online
    await snap(page, 'officer-offline-checkpoint');
    await page.locator('.submit-assist').tap();
    await see(page, '.assist-queued', '网络不通');
    await see(page, '.assist-waiting .waiting-count', '1 条登记保存在本机');
    page.off('response', onResponse);
    expect(answers.length).toBeGreaterThanOrEqual(4); // provinces, then each level chosen
    expect(answers.filter((a) => a.status !== 200 || !a.fromServiceWorker)).toEqual([]);
    expect(await page.evaluate(() => fetch('/api/v1/divisions?parent=420000').then(() => 'answered', () => 'failed'))).toBe('failed'); // never opened
    expect(await page.evaluate(() => fetch('/api/v1/sites').then(() => 'answered', () => 'failed'))).toBe('failed'); // other API answers: never
    expect(await named('郑**', sites.checkpoint.code)).toEqual([]);

    await context.setOffline(false); // the session is confirmed, then the outbox is sent
    await page.locator('.offline-banner').waitFor({ state: 'detached' });
    await page.locator('.assist-waiting').waitFor({ state: 'detached' });
    await see(page, '.assist-result .result-name', '郑**');
    await page.waitForTimeout(1_000); // nothing else on its way
    const sent = await named('郑**', sites.checkpoint.code);
    expect(sent).toHaveLength(1);
    expect(sent[0].enteredBy).toBe(officerId);
    expect(await outbox()).toEqual([]);
    await onlyDivisionsKept();
  }, 120_000);

  it('when the session is gone by the time the network is back, keeps the registration for the same officer', async () => {
    await reopenOffline();
    await registerOffline('吴爷爷', '19391111');
    await context.clearCookies(); // the session ends meanwhile (expired, revoked)

    await context.setOffline(false);
    await see(page, '.login-waiting', '本机有 1 条由 officer.wang 代登记的记录等待发送');
    await page.locator('input[name="username"]').waitFor();
    await snap(page, 'officer-offline-session-gone');
    expect(await remembered()).toBeNull(); // the server said the session is gone
    expect(await outbox()).toHaveLength(1); // ... but what was entered waits for this officer
    expect(await named('吴**')).toEqual([]);

    await login(page, 'officer.wang', PASSWORD);
    await page.locator('nav.tabs').waitFor();
    await expect.poll(async () => (await named('吴**')).map((i) => i.enteredBy), { timeout: STEP_TIMEOUT }).toEqual([officerId]);
    await expect.poll(outbox).toEqual([]);
    expect(await remembered()).not.toBeNull();
  }, 120_000);

  it('forgets what it remembered at logout, and the app still works', async () => {
    await page.locator('.tabs .tab-me').tap();
    await page.locator('button.logout').tap();
    await page.locator('input[name="username"]').waitFor();
    expect(await remembered()).toBeNull();
    expect(await outbox()).toEqual([]); // the outbox itself is not the summary: it stays
    expect(await page.locator('.login-waiting').count()).toBe(0); // nothing waits

    // Nothing remembered: opened offline, the app can only say that it needs the server.
    await context.setOffline(true);
    await page.reload();
    await see(page, 'header.bar .title', '警务通');
    await see(page, '.o-error', '无法连接服务器');
    expect(await page.locator('.offline-banner').count()).toBe(0);
    expect(await page.locator('nav.tabs').count()).toBe(0);

    await context.setOffline(false); // fires `online`: asked again, the login form comes
    await page.locator('input[name="username"]').waitFor();
    await login(page, 'officer.wang', PASSWORD);
    await page.locator('nav.tabs').waitFor();
    await expect.poll(remembered).not.toBeNull();
    expect(problems).toEqual([]);
  }, 120_000);
});
