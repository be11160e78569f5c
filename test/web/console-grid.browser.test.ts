// The console's grid pages (网格管理) in Chromium against a real server (SQLite), served from dist/web. Tasks given
// through the API in a community and in another county, some done: the progress table shows each unit's % done from
// the top of the scope, drills down to the counties (and the chart names them), lists a county's tasks, gives an
// ad-hoc task and cancels it; a screening campaign started on the page shows its completeness per grid, and again
// after a household is screened; the posts list who holds which post. Synthetic data only.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, see, snap, watchPage } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { PASSWORD, seedUser } from '../helpers/factories.ts';
import { as, login as apiLogin, type Session } from '../helpers/http.ts';

const ADMIN_PASSWORD = 'Tg-grid-test-2024';
const STEP_TIMEOUT = 30_000;
const DAY = 86_400_000;

let server: RunningServer;
let browser: Browser;
let api: Session;

const post = async (url: string, body: unknown) => {
  const res = await as(server.app, api).post(url, body);
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const done = (taskId: string, result = 'completed') =>
  post('/api/v1/grid/sync', { events: [{ clientId: crypto.randomUUID(), taskId, kind: 'done', at: new Date().toISOString(), result }] });

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const ctx = server.runtime.ctx;
  await seedUser(ctx, 'grid-admin', 'admin', ['150000']);
  await seedUser(ctx, 'worker-a', 'grid_worker', ['150102001001']);
  api = await apiLogin(server.app, 'grid-admin');
  const due = new Date(Date.now() + DAY).toISOString();
  // 阳光社区 (新城区): 4 tasks, 1 done; 回民区: 2 tasks, 1 done.
  const community = [];
  for (let i = 1; i <= 4; i++) community.push(await post('/api/v1/grid/tasks', { title: `检查消防通道${i}`, orgCode: '150102001001', dueAt: due }));
  const other = [];
  for (let i = 1; i <= 2; i++) other.push(await post('/api/v1/grid/tasks', { title: `走访商户${i}`, orgCode: '150103', dueAt: due }));
  await done(community[0].id);
  await done(other[0].id);
  for (const room of ['101', '102', '201']) await post('/api/v1/grid/addresses', { orgCode: '150102001001', line: '阳光小区', building: '1', unit: '1', room, kind: 'residence' });
  await post('/api/v1/grid/posts', { username: 'worker-a', orgCode: '150102001001', post: 'grid_worker' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('console grid pages', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const progressRow = (name: string) => page.locator('.progress-table tr.el-table__row').filter({ has: page.locator('.unit-name', { hasText: name }) });
  const expectProgress = async (name: string, total: string, percent: string) => {
    await progressRow(name).waitFor();
    expect((await progressRow(name).locator('.col-total').innerText()).trim()).toBe(total);
    expect((await progressRow(name).locator('.pct').innerText()).trim()).toBe(percent);
  };
  const taskRow = (title: string) => page.locator('.task-table tr.el-table__row').filter({ has: page.locator('.task-title', { hasText: title }) });

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('shows the % done per unit and drills down to the counties', async () => {
    await page.goto(`${server.url}/console/grid`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'grid-admin', PASSWORD);
    await page.waitForURL(/\/console\/grid/);
    await see(page, '[data-menu="grid"]', '网格管理');
    await expectProgress('内蒙古自治区', '6', '33.3%');
    await progressRow('内蒙古自治区').locator('.drill').click();
    await expectProgress('呼和浩特市', '6', '33.3%');
    await expectProgress('包头市', '0', '0%');
    await progressRow('呼和浩特市').locator('.drill').click();
    await expectProgress('新城区', '4', '25%');
    await expectProgress('回民区', '2', '50%');
    expect((await progressRow('新城区').locator('.col-done').innerText()).trim()).toBe('1');
    await see(page, '.sum-percent', '33.3%');
    await page.locator('.progress-chart svg text').filter({ hasText: '回民区' }).first().waitFor();
    await see(page, '.progress-trail', '呼和浩特市');
    await snap(page, 'console-grid-progress');
  });

  it('lists a unit\'s tasks, gives it an ad-hoc task and cancels it', async () => {
    await progressRow('新城区').locator('.unit-tasks').click();
    await see(page, '.tasks-title', '新城区 的任务');
    await expect.poll(() => page.locator('.task-table tr.el-table__row').count()).toBe(3); // open ones
    await page.locator('.filter-status').getByText('全部').click();
    await expect.poll(() => page.locator('.task-table tr.el-table__row').count()).toBe(4);
    await taskRow('检查消防通道1').locator('.task-status', { hasText: '已完成' }).waitFor();

    await page.locator('.new-task').click();
    const dialog = page.locator('.adhoc-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('.adhoc-org input').inputValue()).toBe('150102');
    await dialog.locator('.adhoc-org input').fill('150102001001');
    await dialog.locator('.adhoc-title input').fill('核查返乡人员');
    await dialog.locator('.adhoc-submit').click();
    await see(page, '.el-message', '已创建任务“核查返乡人员”');
    await taskRow('核查返乡人员').waitFor();
    await expect.poll(() => page.locator('.task-table tr.el-table__row').count()).toBe(5);
    await snap(page, 'console-grid-tasks');

    await taskRow('核查返乡人员').locator('.cancel-task').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await see(page, '.el-message', '任务已取消');
    await taskRow('核查返乡人员').locator('.task-status', { hasText: '已取消' }).waitFor();
  });

  it('starts a screening campaign and shows its completeness per grid', async () => {
    await page.locator('.grid-tabs .el-tabs__item', { hasText: '排查活动' }).click();
    await page.locator('.new-campaign').click();
    const dialog = page.locator('.campaign-dialog');
    await dialog.waitFor();
    await dialog.locator('.campaign-name-input input').fill('冬季入户排查');
    await dialog.locator('.campaign-units input').fill('150102001001');
    await dialog.locator('.campaign-submit').click();
    await see(page, '.el-message', '已发起排查“冬季入户排查”，共 3 户');
    const grid = page.locator('.campaign-grids tr.el-table__row').filter({ has: page.locator('.grid-name', { hasText: '阳光社区' }) });
    await grid.waitFor();
    expect((await grid.locator('.grid-total').innerText()).trim()).toBe('3');
    expect((await grid.locator('.grid-percent').innerText()).trim()).toBe('0%');

    // A household screened on a worker's phone: the campaign counts it.
    const community = (await server.runtime.ctx.db.selectFrom('orgUnits').select('id').where('code', '=', '150102001001').executeTakeFirstOrThrow()).id;
    const screening = (await as(server.app, api).get(`/api/v1/grid/tasks?view=unit&orgId=${community}&kind=screening`)).json().items;
    expect(screening).toHaveLength(3);
    await done(screening[0].id, 'normal');
    await page.locator('.campaign-table tr.el-table__row').filter({ hasText: '冬季入户排查' }).click();
    await expect.poll(async () => (await grid.locator('.grid-percent').innerText()).trim()).toBe('33.3%');
    await see(page, '.campaign-table .campaign-results', '正常 1');
    await snap(page, 'console-grid-campaigns');
  });

  it('lists who holds which post', async () => {
    await page.locator('.grid-tabs .el-tabs__item', { hasText: '网格岗位' }).click();
    const row = page.locator('.post-table tr.el-table__row').filter({ hasText: 'worker-a' });
    await row.waitFor();
    await row.locator('.post-name', { hasText: '网格员' }).waitFor();
    expect(await row.innerText()).toContain('阳光社区');

    // An administrator appoints worker-a 楼栋长 of the community as well, and takes it back.
    await page.locator('.post-username input').fill('worker-a');
    await page.locator('.post-org input').fill('150102001001');
    await page.locator('.post-kind').click();
    await page.locator('.el-select-dropdown__item', { hasText: '楼栋长' }).click();
    await page.locator('.post-add').click();
    await see(page, '.el-message', '已任命 worker-a 为 楼栋长');
    const leader = page.locator('.post-table tr.el-table__row').filter({ has: page.locator('.post-name', { hasText: '楼栋长' }) });
    await leader.waitFor();
    expect(await leader.innerText()).toContain('阳光社区');
    await leader.locator('.post-remove').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await see(page, '.el-message', '已免去岗位');
    await expect.poll(() => leader.count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
