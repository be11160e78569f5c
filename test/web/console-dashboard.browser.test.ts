// The console dashboard (态势总览) in Chromium against a real server (SQLite), served from dist/web: an
// administrator lands on it, sees the key figures and the ECharts charts, drills down one level by a sub-unit's
// name and by its bar, goes back up by the breadcrumb, and sees "check-ins today" rise without a reload when a
// check-in is registered through the public API. The big screen renders dark, in large type, with its clock.
// Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const ADMIN_PASSWORD = 'Tg-dashboard-test-2024';
const STEP_TIMEOUT = 30_000;

let server: RunningServer;
let browser: Browser;
const tokens: Record<string, string> = {};

async function checkin(site: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: tokens[site], key: idemKey(), direction: 'in', ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

const atJinqiao = (extra: Record<string, unknown> = {}) =>
  checkin('jinqiao', { person: syntheticPerson('张三'), origin: '420106', destination: '150102', ...extra });

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const { ctx } = server.runtime;
  for (const [key, orgCode, kind, name] of [
    ['jinqiao', '150102', 'checkpoint', '金桥卡口'],
    ['huimin', '150103', 'checkpoint', '回民区卡口'],
    ['donghe', '150202', 'checkpoint', '东河区卡口'],
    ['city', '150100', 'checkpoint', '市区卡口'], // the city's own site, not a county's
  ] as const) {
    const site = await createSite(ctx, operator, { orgCode, kind, name });
    tokens[key] = decodeURIComponent(new URL(site.url).pathname.split('/').pop()!);
  }
  // Hohhot: 6 people today (one with a fever, one with a companion, one at the city's own site); Baotou: 1.
  await atJinqiao({ temperature: 36.5 });
  await atJinqiao({ person: syntheticPerson('李四'), temperature: 38.2 });
  await atJinqiao({ person: syntheticPerson('王五'), companions: [{ name: '王小五', relation: 'child' }] });
  await checkin('huimin', { person: syntheticPerson('赵六'), origin: '110101', destination: '150103' });
  await checkin('donghe', { person: syntheticPerson('孙七'), origin: '150102', destination: '150202' });
  await checkin('city', { person: syntheticPerson('钱九'), origin: '150102', destination: '150100' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

/** The "check-ins today" figure as a number. */
async function checkinsToday(page: Page): Promise<number> {
  return Number((await page.locator('.figure-checkins .figure-value').innerText()).replace(/\D/g, ''));
}

async function waitForCheckinsToday(page: Page, expected: number): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('.figure-checkins .figure-value')?.textContent?.replace(/\D/g, '') ?? -1) === n,
    expected,
  );
}

describe('console dashboard', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('is the landing page, with the key figures and the charts', async () => {
    await page.goto(`${server.url}/console/`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/console\/dashboard/);
    expect(await page.locator('.el-menu-item').first().innerText()).toBe('态势总览');
    await see(page, '.dashboard-breadcrumb .crumb.current', '内蒙古自治区');
    await waitForCheckinsToday(page, 7);
    await see(page, '.figure-flagged .figure-value', '1');
    await see(page, '.figure-confirmed .figure-label', '确诊病例');
    for (const chart of ['sub-units', 'daily', 'flag-reasons', 'sites', 'categories', 'provinces', 'cities', 'site-kinds']) {
      await page.locator(`.chart-${chart} .chart svg`).first().waitFor();
    }
    // Drawn by ECharts with the figures: the sub-units by name, the flag reason in Chinese, bars and slices.
    await see(page, '.chart-sub-units svg text', '呼和浩特市');
    await see(page, '.chart-flag-reasons svg text', '发热');
    expect(await page.locator('.chart-sub-units svg path').count()).toBeGreaterThan(2);
    expect(await page.locator('.chart-daily svg path').count()).toBeGreaterThan(2);
    await see(page, '.sub-units-table .el-table__row', '包头市');
    await snap(page, 'console-dashboard');
    // Another period: in the address, so the drill-down below keeps it.
    await page.locator('.period-picker').click();
    await page.locator('.el-picker-panel__shortcut').filter({ hasText: '近 7 天' }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    expect(await page.locator('.chart-daily svg text').filter({ hasText: /^\d{2}-\d{2}$/ }).count()).toBe(7);
  }, 120_000);

  it('drills down to a sub-unit by its name, and shows it in the breadcrumb and the address', async () => {
    await page.locator('.sub-units-table .drill[data-code="150100"]').click();
    await page.waitForURL(/from=.*org=150100/);
    await see(page, '.dashboard-breadcrumb .crumb.current', '呼和浩特市');
    await see(page, '.dashboard-breadcrumb .crumb[data-code="150000"]', '内蒙古自治区');
    await waitForCheckinsToday(page, 6);
    await see(page, '.sub-units-table .el-table__row', '新城区');
    // The city's own site is a row of its own, named so, with nothing to drill down to.
    await see(page, '.sub-units-table .own', '呼和浩特市（本级）');
    await see(page, '.chart-sub-units svg text', '呼和浩特市（本级）');
    expect(await page.locator('.sub-units-table .drill[data-code="150100"]').count()).toBe(0);
    await see(page, '.chart-sites svg text', '金桥卡口');
    expect(await page.locator('.sub-units-table .el-table__row').filter({ hasText: '包头市' }).count()).toBe(0);
    await snap(page, 'console-dashboard-city');
  }, 120_000);

  it('shows a check-in registered through the public API without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.locator('.live-badge[data-state="live"]').waitFor();
    const before = await checkinsToday(page);
    await atJinqiao({ person: syntheticPerson('周八') });
    await waitForCheckinsToday(page, before + 1);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }, 120_000);

  it('goes back up by the breadcrumb, and down again by a bar of the chart', async () => {
    await page.locator('.dashboard-breadcrumb .crumb[data-code="150000"]').click();
    await page.waitForURL(/org=150000/);
    await see(page, '.dashboard-breadcrumb .crumb.current', '内蒙古自治区');
    await waitForCheckinsToday(page, 8);
    // The widest bar of the check-ins series (its colour) is Hohhot's, the busiest unit.
    const bars = page.locator('.chart-sub-units svg path[fill="#5b8ff9"]');
    await bars.first().waitFor();
    let widest = 0;
    let widestIndex = 0;
    for (let i = 0; i < (await bars.count()); i++) {
      const box = await bars.nth(i).boundingBox();
      if (box && box.width > widest) [widest, widestIndex] = [box.width, i];
    }
    await bars.nth(widestIndex).click();
    await page.waitForURL(/org=150100/);
    await see(page, '.dashboard-breadcrumb .crumb.current', '呼和浩特市');
    expect(problems).toEqual([]);
  }, 120_000);

  it('renders the big screen dark, in large type, with the clock and rotating panels', async () => {
    await page.goto(`${server.url}/console/dashboard/screen?org=150100`);
    await page.locator('.dashboard-screen').waitFor();
    await see(page, '.screen-title h1', '呼和浩特市');
    await waitForCheckinsToday(page, 7);
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    const look = await page.locator('.dashboard-screen').evaluate((el) => {
      const style = getComputedStyle(el);
      const value = getComputedStyle(el.querySelector('.figure-checkins .figure-value')!);
      return { image: style.backgroundImage, color: style.color, valueSize: parseFloat(value.fontSize) };
    });
    expect(look.image).toMatch(/gradient/);
    expect(look.color).toBe('rgb(232, 241, 255)');
    expect(look.valueSize).toBeGreaterThanOrEqual(40);
    await see(page, '.clock-time', /^\d{2}:\d{2}:\d{2}$/);
    await page.locator('.toggle-fullscreen').click();
    await see(page, '.toggle-fullscreen', '退出全屏');
    expect(await page.evaluate(() => document.fullscreenElement === document.documentElement)).toBe(true);
    await page.locator('.toggle-fullscreen').click();
    await see(page, '.toggle-fullscreen', /^全屏$/);
    await page.locator('.screen-panels .chart-daily .chart svg').waitFor();
    await page.locator('.screen-dots .dot').nth(2).click();
    await page.locator('.screen-panels[data-page="2"] .chart-provinces .chart svg').waitFor();
    await snap(page, 'console-dashboard-screen');
    await page.locator('.back-to-desk').click();
    await page.waitForURL(/\/console\/dashboard\?org=150100/);
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false);
    expect(problems).toEqual([]);
  }, 120_000);
});
