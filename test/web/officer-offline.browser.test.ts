// The officer app (警务通) opened without a network, in Chromium as a phone against a real server (SQLite): from the
// service worker, working from the officer and sites the phone remembers, with assisted registrations sent once the
// session is confirmed again (never under another session), a checkpoint's form filled through place pickers kept
// from online (of API answers, only the public division lists are ever kept), and the remembered summary forgotten
// at logout. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { watchPage, login, snap, see } from './browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { syntheticId } from '../helpers/people.ts';
import { STEP_TIMEOUT, PHONE, server, browser, officerId, sites, cascade, checkinsAt, useOfficerWorld } from './officer-world.ts';

useOfficerWorld();

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
    await see(page, '.login-waiting', '本机有 1 条由 officer.wang 录入的记录（代登记、走访）等待发送');
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
