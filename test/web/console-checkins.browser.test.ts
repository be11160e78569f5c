// The console's check-ins and risk-areas pages in Chromium against a real server (SQLite), served from dist/web
// (npm run build:web): masked rows, the flagged filter, a reveal for a purpose that lands in the audit log, a risk
// area added through the cascade, English labels, and the region-only rule for a county administrator.
// Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const ADMIN_PASSWORD = 'Tg-checkins-test-2024';
const STEP_TIMEOUT = 30_000;

let server: RunningServer;
let browser: Browser;
const people = { zhang: syntheticPerson('张三'), li: syntheticPerson('李四'), wang: syntheticPerson('王五') };

async function checkin(token: string, body: Record<string, unknown>): Promise<{ flags: string[] }> {
  const res = await fetch(`${server.url}/api/v1/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, key: idemKey(), direction: 'in', origin: '150102', destination: '110101', ...body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { flags: string[] };
}

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const site = await createSite(server.runtime.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '金桥卡口' });
  const token = new URL(site.url).pathname.split('/').pop()!;
  await checkin(token, { person: people.zhang, temperature: 36.5 });
  expect((await checkin(token, { person: people.li, temperature: 38.2, passengers: 2 })).flags).toEqual(['fever']);
  await checkin(token, { person: people.wang, companions: [{ name: '王小五', relation: 'child' }] });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

async function newPage(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  return { context, page, problems: watchPage(page) };
}

/** Opens an Element Plus select and picks the option with exactly this text. */
async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.locator(select).click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${option}$`) }).click();
}

const clearIds = () => Object.values(people).map((p) => p.idNumber);

describe('console check-ins and risk areas', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ context, page, problems } = await newPage());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('lists the check-ins masked, newest first, and filters the flagged ones', async () => {
    await page.goto(`${server.url}/console/checkins`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/console\/checkins/);
    await see(page, '.el-menu-item', '登记记录');
    const rows = page.locator('.checkins-table .el-table__body-wrapper .el-table__row');
    await see(page, '.checkins-table .el-table__row', '王**');
    expect(await rows.count()).toBe(4);
    // newest first: the companion and the person registering with them share the last submission
    const names = await page.locator('.checkins-table .el-table__body-wrapper .name-cell').allInnerTexts();
    expect(names.map((n) => n.trim()).slice(2)).toEqual(['李*', '张*']);
    const wangRow = rows.filter({ hasText: '王**' });
    expect(await wangRow.innerText()).toContain('子女');
    const liRow = rows.filter({ hasText: '李*' });
    expect(await liRow.innerText()).toMatch(/金桥卡口[\s\S]*卡口[\s\S]*进[\s\S]*38.2 °C[\s\S]*发热/);
    expect(await liRow.locator('.flag[data-flag="fever"]').count()).toBe(1);
    expect(await liRow.innerText()).toContain(`${people.li.idNumber.slice(0, 3)}***********${people.li.idNumber.slice(-4)}`);
    const text = await page.locator('body').innerText();
    for (const id of clearIds()) expect(text).not.toContain(id);
    for (const p of Object.values(people)) expect(text).not.toContain(p.phone);
    await snap(page, 'console-checkins');

    await page.locator('.flagged-filter').click();
    await page.waitForFunction(() => document.querySelectorAll('.checkins-table .el-table__body-wrapper .el-table__row').length === 1);
    await see(page, '.checkins-table .el-table__row', '李*');
  }, 120_000);

  it('reveals one check-in for a stated purpose, and forgets it when the dialog closes', async () => {
    await page.locator('.checkins-table .el-table__row').filter({ hasText: '李*' }).locator('.reveal').click();
    const dialog = page.locator('.reveal-dialog');
    await dialog.waitFor({ state: 'visible' });
    await see(page, '.reveal-dialog', '审计日志');
    await dialog.locator('input[name="purpose"]').fill('核查');
    await dialog.locator('.confirm-reveal').click();
    await see(page, '.reveal-dialog .el-form-item__error', '至少需要 4 个字符');
    await dialog.locator('input[name="purpose"]').fill('流调核查：浏览器测试');
    await dialog.locator('.confirm-reveal').click();
    await see(page, '.reveal-dialog .clear-id', people.li.idNumber);
    await see(page, '.reveal-dialog .clear-name', '李四');
    await see(page, '.reveal-dialog .clear-phone', people.li.phone);
    await see(page, '.reveal-dialog .detail-passengers', '2');
    await see(page, '.reveal-dialog', '居民身份证');
    await see(page, '.reveal-dialog', '内蒙古自治区呼和浩特市新城区 (150102)'); // origin, named through the cascade
    await see(page, '.reveal-dialog', '北京市东城区 (110101)');
    await snap(page, 'console-checkin-reveal');
    await dialog.locator('.close').click();
    await dialog.waitFor({ state: 'hidden' });
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(people.li.idNumber);
    expect(await page.content()).not.toContain(people.li.idNumber);
  }, 120_000);

  it('shows the reveal in the audit log', async () => {
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/console\/audit/);
    await see(page, '.audit-table .el-table__row', /reveal[\s\S]*checkin[\s\S]*流调核查：浏览器测试/);
  }, 120_000);

  it('adds a risk area through the province, city and county cascade', async () => {
    await page.getByRole('menuitem', { name: '风险地区' }).click();
    await page.waitForURL(/\/console\/risk-areas/);
    await see(page, '.risk-table', '没有风险地区');
    await page.locator('.add-risk').click();
    const dialog = page.locator('.risk-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.save').click();
    await see(page, '.risk-dialog .el-form-item__error', '请选择地区'); // nothing picked yet
    await choose(page, '.risk-dialog .division-province', '内蒙古自治区');
    await choose(page, '.risk-dialog .division-city', '呼和浩特市');
    await choose(page, '.risk-dialog .division-county', '新城区');
    await dialog.locator('.level-medium').click();
    await dialog.locator('input[name="note"]').fill('浏览器测试');
    await snap(page, 'console-risk-dialog');
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await see(page, '.risk-table .el-table__row', /150102[\s\S]*内蒙古自治区 \/ 呼和浩特市 \/ 新城区[\s\S]*中风险[\s\S]*浏览器测试/);
    await snap(page, 'console-risk');
  }, 120_000);

  it('switches to English', async () => {
    await page.locator('.el-header .locale-switch').getByText('English').click();
    await see(page, '.el-menu-item', 'Check-ins');
    await see(page, '.el-menu-item', 'Risk areas');
    await see(page, '.risk-view', 'Add risk area');
    await see(page, '.risk-table', 'Valid from');
    await see(page, '.risk-table .level-tag', 'Medium');
    await page.getByRole('menuitem', { name: 'Check-ins' }).click();
    await page.waitForURL(/\/console\/checkins/);
    await see(page, '.checkins-table', 'ID number');
    await see(page, '.checkins-table .flag', 'Fever');
    await see(page, '.checkins-table .el-table__row', 'Child');
    await see(page, '.checkins-view', 'Flagged only');
    await snap(page, 'console-checkins-en');
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('risk areas for an administrator below the region', () => {
  it('shows the server refusing the change', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'county.admin', displayName: '旗县管理员', role: 'admin', orgCodes: ['150102'], password: 'County-admin-2024' }),
    });
    expect(created.status).toBe(201);

    const { context, page, problems } = await newPage();
    try {
      await page.goto(`${server.url}/console/risk-areas`);
      await login(page, 'county.admin', 'County-admin-2024');
      await page.waitForURL(/\/console\/risk-areas/);
      await see(page, '.risk-table .el-table__row', '150102'); // everyone reads the list
      await page.locator('.add-risk').click();
      await page.locator('.risk-dialog').waitFor({ state: 'visible' });
      await choose(page, '.risk-dialog .division-province', '内蒙古自治区');
      await page.locator('.risk-dialog .save').click();
      await see(page, '.risk-dialog .risk-error', '只有全区管理员可以修改');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
