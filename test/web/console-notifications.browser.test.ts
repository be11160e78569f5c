// The console's alert channels page (预警通知) in Chromium against a real server (SQLite), served from dist/web
// (npm run build:web), with a local HTTP receiver standing in for a generic webhook: an administrator adds the
// channel for a county, sends a test message, a flagged check-in at a site of the county is delivered masked, and
// the console link of the alert opens the check-ins page on that one submission. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { eventually, WebhookServer } from '../helpers/webhook-server.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const ADMIN_PASSWORD = 'Tg-notifications-test-2024';
const STEP_TIMEOUT = 30_000;
const HOOK_NAME = '新城区预警接收';

let server: RunningServer;
let browser: Browser;
let receiver: WebhookServer;
let token = '';
const people = { zhang: syntheticPerson('张三'), qian: syntheticPerson('钱小红') };

async function checkin(body: Record<string, unknown>): Promise<{ id: string; flags: string[] }> {
  const res = await fetch(`${server.url}/api/v1/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, key: idemKey(), direction: 'in', origin: '150102', destination: '110101', ...body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; flags: string[] };
}

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const site = await createSite(server.runtime.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '金桥卡口' });
  token = decodeURIComponent(new URL(site.url).pathname.split('/').pop()!);
  expect((await checkin({ person: people.zhang, temperature: 36.5 })).flags).toEqual([]); // no alert
  receiver = await new WebhookServer().start();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await server?.close();
}, 60_000);

/** The rows of the open delivery drawer, as "summary | status" lines. */
async function deliveryRows(page: Page): Promise<string[]> {
  const rows = page.locator('.deliveries-drawer .deliveries-table .el-table__body-wrapper .el-table__row');
  const out: string[] = [];
  for (const row of await rows.all()) {
    const summary = (await row.locator('td').nth(1).innerText()).trim();
    const status = (await row.locator('.delivery-status').innerText()).trim();
    out.push(`${summary} | ${status}`);
  }
  return out;
}

describe('console alert channels', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let flaggedId = '';

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('adds a generic webhook for a county from the 预警通知 page', async () => {
    await page.goto(`${server.url}/console/`);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: '预警通知' }).click();
    await page.waitForURL(/\/console\/notifications$/);
    await see(page, '.webhooks-table', '还没有通知渠道');

    await page.locator('.add-webhook').click();
    const dialog = page.locator('.webhook-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.kind-generic').click();
    await dialog.locator('input[name="name"]').fill(HOOK_NAME);
    // The unit: typed as a code (the administrator's scope is the region; the channel is for one county).
    await dialog.locator('.org-code').click();
    await dialog.locator('.org-code input').fill('150102');
    await dialog.locator('.org-code input').press('Enter');
    await dialog.locator('input[name="url"]').fill(receiver.url('/alerts')); // http to this machine is accepted
    await dialog.locator('.events').getByText('留验/转送处置').click(); // flagged check-ins only
    await snap(page, 'console-webhook-dialog');
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('.webhooks-table .el-table__body-wrapper .el-table__row').filter({ hasText: HOOK_NAME });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('通用 Webhook（JSON）');
    expect(text).toContain('新城区');
    expect(text).toContain('预警登记');
    expect(text).not.toContain('留验/转送处置');
    expect(text).not.toContain('/alerts'); // the address is never shown again, only its scheme and host
    expect(text).toContain('启用');
  }, 120_000);

  it('sends a test message and lists it as delivered', async () => {
    const row = page.locator('.webhooks-table .el-table__body-wrapper .el-table__row').filter({ hasText: HOOK_NAME });
    await row.locator('.test').click();
    await see(page, '.el-message', '测试消息已送达');
    expect(receiver.to('/alerts')).toHaveLength(1);
    expect(JSON.parse(receiver.to('/alerts')[0].body)).toMatchObject({ event: 'test', checkin: null });

    await row.locator('.show-deliveries').click();
    await page.locator('.deliveries-drawer').waitFor({ state: 'visible' });
    await see(page, '.deliveries-drawer .el-drawer__title', `“${HOOK_NAME}”的发送记录`);
    await see(page, '.deliveries-drawer .delivery-status', '已送达');
    expect(await deliveryRows(page)).toEqual(['TraceGrid 测试消息 | 已送达']);
  }, 120_000);

  it('delivers a flagged check-in masked, and lists it as delivered too', async () => {
    const fever = await checkin({ person: people.qian, temperature: 38.6 });
    expect(fever.flags).toEqual(['fever']);
    flaggedId = fever.id;
    const received = await eventually(() => receiver.to('/alerts').find((r) => JSON.parse(r.body).event === 'flagged'), 'the flagged alert at the receiver');
    const body = JSON.parse(received.body);
    expect(body).toMatchObject({
      event: 'flagged',
      site: { name: '金桥卡口', orgUnit: '新城区' },
      checkin: { id: flaggedId, kind: 'checkpoint', direction: 'in', flags: ['fever'], people: 1 },
    });
    expect(body.checkin.person.name).toBe('钱**');
    expect(body.checkin.person.idNumber).toBe(`${people.qian.idNumber.slice(0, 3)}***********${people.qian.idNumber.slice(-4)}`);
    for (const clear of [people.qian.name, people.qian.idNumber, people.qian.idNumber.slice(0, 10), people.qian.phone]) expect(received.body).not.toContain(clear);
    expect(received.headers['x-tracegrid-event']).toBe('flagged');

    // The drawer is still open: refreshed, it shows the alert above the test message (marked sent once the
    // receiver has answered, a moment after it got the request).
    const expected = ['【预警】发热 · 金桥卡口 | 已送达', 'TraceGrid 测试消息 | 已送达'];
    let listed: string[] = [];
    await eventually(async () => {
      // A row re-rendered by the refresh between reading its cells is a try again, not the end of the wait.
      try {
        await page.locator('.deliveries-drawer .refresh').click();
        await page.locator('.deliveries-drawer .deliveries-table .el-loading-mask').waitFor({ state: 'hidden' });
        listed = await deliveryRows(page);
      } catch {
        return false;
      }
      return listed.join('\n') === expected.join('\n');
    }, 'both deliveries listed as sent').catch(() => undefined);
    expect(listed).toEqual(expected);
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(people.qian.idNumber);
    await snap(page, 'console-webhook-deliveries');
  }, 120_000);

  it("opens the alert's console link on that one submission", async () => {
    const flagged = receiver.to('/alerts').map((r) => JSON.parse(r.body)).find((b) => b.event === 'flagged');
    const link = new URL(flagged.link as string); // the public address the server is configured with
    expect(link.pathname).toBe('/console/checkins');
    expect(link.searchParams.get('id')).toBe(flaggedId);

    await page.goto(`${server.url}${link.pathname}${link.search}`); // same session: no login again
    await see(page, '.checkins-view .one-submission', '仅显示一次登记（含同行人）');
    const rows = page.locator('.checkins-table .el-table__body-wrapper .el-table__row');
    await see(page, '.checkins-table .el-table__row', '钱**');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/金桥卡口[\s\S]*38.6 °C[\s\S]*发热/);
    await snap(page, 'console-checkins-one-submission');

    await page.locator('.checkins-view .one-submission .el-tag__close').click(); // back to all of them
    await page.locator('.checkins-view .one-submission').waitFor({ state: 'detached' });
    await see(page, '.checkins-table .el-table__row', '张*');
    expect(await rows.count()).toBe(2);
    expect(new URL(page.url()).search).toBe('');
    expect(problems).toEqual([]);
  }, 120_000);
});
