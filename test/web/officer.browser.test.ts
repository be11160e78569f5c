// The officer app (警务通) in Chromium as a phone (390x844, touch) against a real server (SQLite), served from
// dist/web (npm run build:web): log in, choose a site, the masked feed, live check-ins with the flagged one pinned
// and an alert, a reveal for a purpose, a pass scanned through Chromium's fake camera (a .y4m video of a real pass
// QR) with a decision that reaches the feed, a look-up by ID number, assisted registration of an elderly person
// without a phone (online, then offline: sent once when the network is back), and the shift summary. The app opened
// without a network: officer-offline.browser.test.ts. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { watchPage, login, snap, see } from './browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { syntheticId } from '../helpers/people.ts';
import { STEP_TIMEOUT, PHONE, server, browser, officerId, sites, people, ids, checkin, atCheckpoint, admin, checkinsAt, useOfficerWorld } from './officer-world.ts';

useOfficerWorld();

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
