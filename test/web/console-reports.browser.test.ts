// The console's reports page in Chromium against a real server (SQLite), served from dist/web: an analyst asks for
// a weekly dispatch of a city (org picked in the tree, week ending yesterday), sees it queued then done without
// reloading, and downloads the PDF and the XLSX; a scheduled report is marked as such. Synthetic people only.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, see, snap, watchPage } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator, PASSWORD, seedUser } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { addDays, localDay } from '../../src/core/local-day.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { ReportSchedule } from '../../src/modules/reports/schedule.ts';

const ADMIN_PASSWORD = 'Tg-reports-test-2024';
const STEP_TIMEOUT = 30_000;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  await seedUser(server.runtime.ctx, 'analyst-city', 'analyst', ['150100']);
  const site = await createSite(server.runtime.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '金桥卡口' });
  const token = new URL(site.url).pathname.split('/').pop()!;
  for (const temperature of [38.4, 36.5, 36.6]) {
    const res = await fetch(`${server.url}/api/v1/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, key: idemKey(), direction: 'in', origin: '420102', destination: '150102', person: syntheticPerson('张三'), temperature }),
    });
    expect(res.status).toBe(201);
  }
  // one report made by the schedule (at 00:00 China time: any time is past dailyAt), for the city
  await new ReportSchedule(server.runtime.ctx, { schedule: true, dailyAt: '00:00', weeklyDay: 1, keepDays: 90, units: ['150100'] }).tick();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('console reports', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('asks for a weekly dispatch, sees it made, and downloads both files', async () => {
    await page.goto(`${server.url}/console/reports`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'analyst-city', PASSWORD);
    await page.waitForURL(/\/console\/reports/);
    await see(page, '.el-menu-item.is-active', '报告');
    // the scheduled one, made by the server's runner meanwhile
    const scheduled = page.locator('.reports-table .el-table__body-wrapper .el-table__row').filter({ hasText: '定时' });
    await scheduled.first().waitFor();

    await page.locator('.new-report').click();
    const dialog = page.locator('.report-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.kind-weekly').click();
    await see(page, '.report-dialog', '截至当天的 7 天');
    await dialog.locator('.report-org').click();
    const tree = page.locator('.report-org-tree:visible');
    await tree.locator('.el-tree-node__content').filter({ hasText: '呼和浩特市 (150100)' }).first().locator('.el-tree-node__expand-icon').click();
    await tree.locator('.el-tree-node__content').filter({ hasText: '新城区 (150102)' }).click();
    expect(await dialog.locator('.report-org').innerText()).toContain('新城区 (150102)');
    await snap(page, 'console-reports-dialog');
    await dialog.locator('.submit-report').click();
    await dialog.waitFor({ state: 'hidden' });

    const yesterday = addDays(localDay(Date.now()), -1);
    const row = page.locator('.reports-table .el-table__body-wrapper .el-table__row').filter({ hasText: '新城区' }).filter({ hasText: '周调度' });
    await row.waitFor();
    await see(page, '.reports-table', `${addDays(yesterday, -6)} – ${yesterday}`);
    // polled until done: no reload
    await row.locator('.report-status[data-status="done"]').waitFor({ timeout: 60_000 });
    await see(page, '.el-message', '已生成');
    await snap(page, 'console-reports-done');

    const [pdf] = await Promise.all([page.waitForEvent('download'), row.locator('.download-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/^周调度-新城区-\d{8}-\d{8}\.pdf$/);
    const pdfBytes = fs.readFileSync((await pdf.path())!);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), row.locator('.download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(fs.readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');

    const downloads = await server.runtime.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'report.downloaded').execute();
    expect(downloads.map((a) => [a.actorName, JSON.parse(a.detail!).format])).toEqual([['analyst-city', 'pdf'], ['analyst-city', 'xlsx']]);
    expect(problems).toEqual([]);
  }, 180_000);
});
