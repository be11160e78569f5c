// Home observation, grid links and household imports in the console, in Chromium against a real server (SQLite),
// served from dist/web. An administrator starts a home observation from a person's page and sees the personal link
// as a QR code, replaces it (the old link is refused from then on); a person already observed answers 409 and the
// page shows the running observation instead, with its flagged report and missed slots; the person's households and
// grid tasks are on their page; a `?task=` link opens the task's drawer (revealed with a purpose), a `?org=` link the
// unit's progress; a small household list goes in through the Imports page. Synthetic data only.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, see, snap, watchPage } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { PASSWORD, seedUser } from '../helpers/factories.ts';
import { as, login as apiLogin, type Session } from '../helpers/http.ts';
import { COMMUNITY, seedObservationWorld, seedResident, tokenOf } from '../helpers/observation-world.ts';
import { syntheticId, syntheticPhone } from '../helpers/people.ts';
import { encode } from 'uqr';

const ADMIN_PASSWORD = 'Tg-observation-test-2024';
const STEP_TIMEOUT = 30_000;
const DAY = 86_400_000;

let server: RunningServer;
let browser: Browser;
let api: Session;
let fresh: string;
let observed: string;

/** The path the page draws for a text (web/register/pass.ts qrSvg): the QR on screen is the link's own. */
function qrPath(text: string): string {
  let d = '';
  encode(text, { ecc: 'M', border: 2 }).data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  return d;
}

const publicStatus = (token: string) => server.app.inject({ method: 'GET', url: '/api/v1/public/observation', headers: { 'x-observation-token': token } });

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const ctx = server.runtime.ctx;
  await seedObservationWorld(ctx, { orgTree: false });
  await seedUser(ctx, 'obs-admin', 'admin', ['150000']);
  api = await apiLogin(server.app, 'obs-admin');
  fresh = await seedResident(ctx, '测试甲', '101');
  observed = await seedResident(ctx, '测试乙', '102');
  // 测试乙 has been observed for two days: one fever taken by the worker, the slots before it missed.
  const started = await as(server.app, api).post('/api/v1/grid/observations', { personId: observed, days: 14, startAt: new Date(Date.now() - 2 * DAY).toISOString() });
  expect(started.statusCode, started.body).toBe(201);
  const { observation, task } = started.json();
  await ctx.db.updateTable('observations').set({ createdAt: Date.now() - 2 * DAY }).where('id', '=', observation.id).execute();
  const worker = await apiLogin(server.app, 'obs-worker');
  const sync = await as(server.app, worker).post('/api/v1/grid/sync', { events: [{ clientId: crypto.randomUUID(), taskId: task.id, kind: 'temperature', at: new Date().toISOString(), temperature: 38.2 }] });
  expect(sync.json().results[0].status, sync.body).toBe('created');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('console home observation and grid links', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let taskId = '';

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('starts a home observation from the person page and shows the link as a QR code', async () => {
    await page.goto(`${server.url}/console/people/${fresh}`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'obs-admin', PASSWORD);
    await page.waitForURL(new RegExp(`/console/people/${fresh}`));
    await page.locator('.start-observation').click();
    const dialog = page.locator('.obs-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('.obs-days input').inputValue()).toBe('14');
    await dialog.locator('.obs-submit').click();
    await see(page, '.el-message', '已开始居家观察，任务已派给 obs-worker');
    await see(page, '.obs-status', '观察中');
    await see(page, '.obs-grid', '阳光社区');
    await see(page, '.obs-assignee', 'obs-worker');
    await page.locator('.obs-qr .qr-box svg path').waitFor();
    const link = (await page.locator('.obs-qr .qr-box').getAttribute('data-link')) ?? '';
    expect(link).toMatch(/\/observe\/#/);
    expect(await page.locator('.observation-link input').inputValue()).toBe(link);
    expect(await page.locator('.obs-qr .qr-box svg path').getAttribute('d')).toBe(qrPath(link));
    expect((await publicStatus(tokenOf(link))).statusCode).toBe(200);
    await snap(page, 'console-observation-start');

    // A new link: the old one is refused from now on.
    await page.locator('.obs-replace').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await see(page, '.el-message', '已更换链接，原链接已失效');
    await expect.poll(async () => page.locator('.obs-qr .qr-box').getAttribute('data-link')).not.toBe(link);
    const replaced = (await page.locator('.obs-qr .qr-box').getAttribute('data-link')) ?? '';
    expect(await page.locator('.obs-qr .qr-box svg path').getAttribute('d')).toBe(qrPath(replaced));
    expect((await publicStatus(tokenOf(replaced))).statusCode).toBe(200);
    expect((await publicStatus(tokenOf(link))).statusCode).toBe(400);
    taskId = (await server.runtime.ctx.db.selectFrom('observations').select('taskId').where('personId', '=', fresh).executeTakeFirstOrThrow()).taskId;
  });

  it('shows the person\'s households and grid tasks', async () => {
    await page.locator('.sections .el-tabs__item', { hasText: '网格' }).click();
    const household = page.locator('.person-households tr.el-table__row');
    await household.first().waitFor();
    await see(page, '.household-grid', '阳光社区');
    expect(await household.first().innerText()).toContain('常住');
    const task = page.locator('.person-tasks tr.el-table__row').filter({ hasText: '居家观察' });
    await task.waitFor();
    expect(await task.innerText()).toContain('obs-worker');
    await task.locator('.open-task').click();
    await see(page, '.task-drawer .detail-kind', '居家观察');
    await page.keyboard.press('Escape');
  });

  it('shows the running observation of a person already observed (409), with its reports and missed slots', async () => {
    await page.goto(`${server.url}/console/people/${observed}`);
    await page.locator('.start-observation').click();
    await page.locator('.obs-dialog .obs-submit').click();
    await see(page, '.el-message', '该人员已在居家观察中，显示当前观察');
    await see(page, '.obs-status', '观察中');
    const report = page.locator('.obs-reports tr.el-table__row');
    await report.first().waitFor();
    expect(await report.first().locator('.obs-temp').innerText()).toBe('38.2');
    await report.first().locator('.obs-flagged').waitFor();
    expect(await report.first().innerText()).toContain('网格员');
    expect(await page.locator('.obs-missed-slot').count()).toBeGreaterThan(0);
    await page.locator('.obs-link-hidden').waitFor();
    await snap(page, 'console-observation-running');
  });

  it('opens a task from a ?task= link, masked, and reveals it with a purpose', async () => {
    await page.goto(`${server.url}/console/grid?task=${taskId}`);
    const drawer = page.locator('.task-drawer');
    await see(page, '.task-drawer .detail-kind', '居家观察');
    await see(page, '.task-drawer .detail-assignee', 'obs-worker');
    const masked = await drawer.locator('.detail-person').innerText();
    expect(masked).not.toBe('测试甲');
    expect(masked.startsWith('测')).toBe(true);
    await drawer.locator('.detail-reveal').click();
    await page.locator('.purpose-dialog .purpose-input input').fill('入户核实居家观察');
    await page.locator('.purpose-dialog .purpose-confirm').click();
    await see(page, '.task-drawer .detail-person', '测试甲');
    const audit = await server.runtime.ctx.db.selectFrom('auditLog').select(['action', 'purpose']).where('action', '=', 'task.reveal').execute();
    expect(audit).toEqual([{ action: 'task.reveal', purpose: '入户核实居家观察' }]);
    await snap(page, 'console-grid-task-drawer');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).not.toContain('task=');
  });

  it('opens a unit\'s progress from a ?org= link', async () => {
    await page.goto(`${server.url}/console/grid?org=${COMMUNITY}`);
    await see(page, '.progress-trail', '阳光社区');
    await see(page, '.progress-total', '阳光社区');
    expect(Number(await page.locator('.sum-total').innerText())).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  });
});

describe('household import through the Imports page', () => {
  it('imports a small household list and shows the addresses it created', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const problems = watchPage(page);
    try {
      const rows = [
        ['网格编码', '标准地址', '楼栋', '室号', '姓名', '身份证号', '手机号', '与户主关系'],
        [COMMUNITY, '阳光小区', '8', '301', '导入甲', syntheticId('19800101'), syntheticPhone(), '户主'],
        [COMMUNITY, '阳光小区', '8', '301', '导入乙', syntheticId('19820202'), syntheticPhone(), '配偶'],
        [COMMUNITY, '阳光小区', '8', '302', '导入丙', syntheticId('19850303'), syntheticPhone(), '租户'],
      ];
      const csv = Buffer.from(rows.map((r) => r.join(',')).join('\n') + '\n', 'utf8');
      await page.goto(`${server.url}/console/imports`);
      await page.waitForURL(/\/console\/login/);
      await login(page, 'obs-admin', PASSWORD);
      await page.waitForURL(/\/console\/imports/);
      await page.locator('.import-target .target-households').click();
      await page.locator('.import-upload input[type="file"]').setInputFiles({ name: 'households.csv', mimeType: 'text/csv', buffer: csv });
      await page.locator('.import-mapping').waitFor({ state: 'visible' });
      await page.locator('.start-households').waitFor();
      expect(await page.locator('.import-mapping .target-list').count()).toBe(0);
      const preview = page.locator('.preview-table .el-table__body-wrapper .el-table__row');
      await expect.poll(() => preview.count()).toBe(3);
      expect(await page.locator('.preview-table .el-table__row.refused-row').count()).toBe(0);
      await see(page, '.preview-table .el-table__row', COMMUNITY);
      await page.locator('.start-import').click();
      await page.locator('.import-progress[data-status="done"]').waitFor({ timeout: 60_000 });
      await see(page, '.import-progress .list-name', '导入住户');
      await see(page, '.report-addresses', '2');
      await snap(page, 'console-imports-households');
      const job = await server.runtime.ctx.db.selectFrom('imports').select(['target', 'addressesCreated']).orderBy('createdAt', 'desc').executeTakeFirstOrThrow();
      expect(job).toEqual({ target: 'households', addressesCreated: 2 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
