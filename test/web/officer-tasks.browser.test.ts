// The grid worker's pages of the officer app (我的任务, 我的住户) in Chromium as a phone against a real server
// (SQLite): a grid worker with a post in 阳光社区 sees the tasks routed to that grid (the overdue one in red), the
// households masked, a task's person in clear only with a purpose; offline, records a visit and marks the task done,
// the records wait on the phone through a reload and are synced when the network is back: the first answer is lost
// on the way (page.route), the phone sends again and the server keeps exactly one event per record. A record the
// server refuses shows its message. What the phone kept is forgotten at logout. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchBrowser, login, see, snap, watchPage } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator, PASSWORD, seedUser } from '../helpers/factories.ts';
import { syntheticId, syntheticPhone } from '../helpers/people.ts';
import { createTask } from '../../src/modules/grid/tasks.ts';

const ADMIN_PASSWORD = 'Tg-worker-test-2024';
const STEP_TIMEOUT = 30_000;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const COMMUNITY = '150102001001';
const OWNER = { name: '钱老伯', idNumber: syntheticId('19500505'), phone: syntheticPhone() };

let server: RunningServer;
let browser: Browser;
let workerId: string;
const taskIds = { adHoc: '', overdue: '', missed: '' };
let householdId = '';
let personId = '';

/** The administrator through the API (session cookie and CSRF header), to make the data and check what happened. */
async function adminApi() {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async <T>(method: string, path: string, body?: unknown, expected = [200, 201, 204]): Promise<T> => {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    expect(expected, `${method} ${path}: ${r.status} ${text}`).toContain(r.status);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** The events the server holds for a task, straight from the database. */
const eventsOf = (taskId: string) => server.runtime.ctx.db.selectFrom('taskEvents').select(['clientId', 'kind', 'result']).where('taskId', '=', taskId).execute();

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const { ctx } = server.runtime;
  workerId = (await seedUser(ctx, 'grid.li', 'grid_worker', [COMMUNITY])).id;
  const api = await adminApi();
  await api('POST', '/grid/posts', { username: 'grid.li', orgCode: COMMUNITY, post: 'grid_worker' });
  const household = await api<{ id: string }>('POST', '/grid/addresses', { orgCode: COMMUNITY, line: '幸福路8号', building: '3', unit: '2', room: '501', kind: 'residence' });
  householdId = household.id;
  const withOwner = await api<{ members: { person: { id: string } }[] }>('POST', `/grid/addresses/${householdId}/members`, { ...OWNER, relation: 'owner' });
  personId = withOwner.members[0].person.id;
  // Due later today (or just after midnight), given by the administrator through the API: routed by the address.
  const dueAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
  taskIds.adHoc = (await api<{ id: string }>('POST', '/grid/tasks', { title: '核实返乡人员', addressId: householdId, personId, dueAt })).id;
  // A contact follow-up already past its due time (through the service: the API takes future due times only).
  const unit = await ctx.db.selectFrom('orgUnits').select('id').where('code', '=', COMMUNITY).executeTakeFirstOrThrow();
  taskIds.overdue = (await createTask(ctx, operator, { kind: 'contact_follow_up', personId, fallbackUnitId: unit.id, dueAt: Date.now() - 3_600_000 })).id;
  // A half-day without a temperature report: the card names the slot.
  taskIds.missed = (await createTask(ctx, operator, { kind: 'missed_report', personId, fallbackUnitId: unit.id, dueAt: Date.now() + 3_600_000, detail: { slot: '2026-11-28/pm' } })).id;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('the grid worker on a phone', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const outbox = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as Array<{ clientId: string; kind: string; state: string }>, `tg_worker_outbox:${workerId}`);
  const cached = () => page.evaluate((key) => localStorage.getItem(key), `tg_worker_cache:${workerId}`);
  const item = (id: string) => page.locator(`.task-item[data-id="${id}"]`);

  beforeAll(async () => {
    context = await browser.newContext(PHONE);
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('logs in to 我的任务: the tasks of my grid, overdue first in red, masked; no feed or scan tabs', async () => {
    await page.goto(`${server.url}/officer/`);
    await login(page, 'grid.li', PASSWORD);
    await page.waitForURL(/\/officer\/tasks$/);
    await see(page, '.tabs .tab-tasks', '任务');
    await see(page, '.tabs .tab-households', '住户');
    expect(await page.locator('.tabs .tab-feed, .tabs .tab-scan').count()).toBe(0);

    await item(taskIds.overdue).waitFor();
    await item(taskIds.adHoc).waitFor();
    expect(await page.locator('.group[data-group="overdue"] .task-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual([taskIds.overdue]);
    expect(await page.locator('.group').first().getAttribute('data-group')).toBe('overdue');
    const overdueTitle = page.locator('.group[data-group="overdue"] .group-title');
    expect(await overdueTitle.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(185, 28, 28)');
    await see(page, `.task-item[data-id="${taskIds.overdue}"] .kind`, '密接随访');
    const adHoc = item(taskIds.adHoc);
    expect(await adHoc.locator('.kind').innerText()).toBe('临时任务');
    expect(await adHoc.locator('.title').innerText()).toBe('核实返乡人员');
    expect(await adHoc.locator('.name').innerText()).toBe('钱**');
    expect(await adHoc.locator('.when').innerText()).toMatch(/^截止 /);
    expect(await adHoc.locator('.address').innerText()).not.toContain('501');
    await see(page, `.task-item[data-id="${taskIds.missed}"] .slot`, '11/28 下午');
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(OWNER.idNumber);
    expect(body).not.toContain(OWNER.phone);
    expect(body).not.toContain('钱老伯');
    await expect.poll(cached).not.toBeNull(); // kept for offline reading (masked answers only)
    expect(await cached()).not.toContain('钱老伯');
    await snap(page, 'worker-tasks');
  }, 120_000);

  it('lists the households of my grid, members masked, with their open tasks', async () => {
    await page.locator('.tabs .tab-households').tap();
    const household = page.locator(`.household[data-id="${householdId}"]`);
    await household.waitFor();
    expect(await household.locator('.member .name').innerText()).toBe('钱**');
    await see(page, `.household[data-id="${householdId}"] .open-tasks`, /项待办/);
    await page.locator('input[name="household-q"]').fill(OWNER.idNumber); // found by the blind index of a member's ID
    await page.locator('.search-submit').tap();
    await see(page, '.households-view .total', '共 1 户');
    await page.locator('input[name="household-q"]').fill('没有这个地址');
    await page.locator('.search-submit').tap();
    await see(page, '.households-view .empty', '没有找到住户');
    await snap(page, 'worker-households');
  }, 60_000);

  it('shows the person of a task in clear only with a purpose, audited', async () => {
    await page.locator('.tabs .tab-tasks').tap();
    await item(taskIds.adHoc).locator('a.open').tap();
    await page.waitForURL(new RegExp(`/officer/tasks/${taskIds.adHoc}$`));
    await see(page, '.summary .person', '钱**');
    await page.locator('.reveal-open').tap();
    await page.locator('.reveal-submit').tap();
    await see(page, '.reveal-form .o-error', '请说明查看用途');
    await page.locator('input[name="reveal-purpose"]').fill('入户核实身份');
    await page.locator('.reveal-submit').tap();
    await see(page, '.revealed .clear-name', '钱老伯');
    await see(page, '.revealed .clear-id', OWNER.idNumber);
    expect(await cached()).not.toContain('钱老伯'); // the answer in clear is never kept on the phone
    const audit = await server.runtime.ctx.db.selectFrom('auditLog').select(['action', 'purpose', 'targetId']).where('action', '=', 'task.reveal').execute();
    expect(audit).toEqual([{ action: 'task.reveal', purpose: '入户核实身份', targetId: taskIds.adHoc }]);
    await page.locator('.hide-clear').tap();
    expect(await page.locator('.revealed').count()).toBe(0);
  }, 60_000);

  it('offline, records a visit and marks the task done: kept on the phone through a reload, synced once when back online', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await page.locator('.mode-visit').tap();
    await page.locator('.choice', { hasText: '不在家' }).tap();
    await page.locator('textarea[name="note"]').fill('白天无人，晚上再访');
    await page.locator('.save-visit').tap();
    await see(page, '.event.local[data-kind="visit"] .mark', '待同步');
    await page.locator('.mode-done').tap();
    await page.locator('.choice', { hasText: '已见到本人' }).tap();
    await page.locator('.save-done').tap();
    await see(page, '.summary .status', '已办结（待同步）');
    expect(await page.locator('.record-form').count()).toBe(0); // done here: nothing more to record
    const kept = await outbox();
    expect(kept.map((r) => [r.kind, r.state])).toEqual([['visit', 'pending'], ['done', 'pending']]);
    for (const r of kept) expect(r.clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await eventsOf(taskIds.adHoc)).toEqual([]);

    // Reopened without a network: from the service worker and what the phone kept.
    await page.reload();
    await see(page, '.offline-banner .offline-title', '离线工作');
    await see(page, '.summary .status', '已办结（待同步）');
    await see(page, '.sync-waiting .waiting-count', '2 条记录保存在本机');
    await see(page, '.tabs .tab-tasks .badge', '2');
    await page.locator('.back').tap();
    await see(page, `.group[data-group="done"] .task-item[data-id="${taskIds.adHoc}"] .done-here`, '已办结（待同步）');
    await see(page, '.from-phone', '本机保存的任务');
    await snap(page, 'worker-offline');

    // The first sync reaches the server but its answer is lost: the phone must send the same records again.
    const answers: Array<{ results: Array<{ clientId: string; status: string }> }> = [];
    let calls = 0;
    await page.route('**/api/v1/grid/sync', async (route: Route) => {
      calls++;
      const response = await route.fetch();
      answers.push((await response.json()) as (typeof answers)[number]);
      if (calls === 1) await route.abort('connectionreset');
      else await route.fulfill({ response });
    });
    await context.setOffline(false);
    await page.locator('.offline-banner').waitFor({ state: 'detached' });
    await expect.poll(() => answers.length, { timeout: STEP_TIMEOUT }).toBeGreaterThanOrEqual(2);
    await expect.poll(outbox, { timeout: STEP_TIMEOUT }).toEqual([]);
    const ids = kept.map((r) => r.clientId);
    expect(answers[0].results.map((r) => [r.clientId, r.status])).toEqual([[ids[0], 'created'], [ids[1], 'created']]);
    expect(answers[1].results.map((r) => [r.clientId, r.status])).toEqual([[ids[0], 'duplicate'], [ids[1], 'duplicate']]);
    const events = await eventsOf(taskIds.adHoc);
    expect(events.filter((e) => e.clientId === ids[1])).toEqual([{ clientId: ids[1], kind: 'done', result: 'reached' }]);
    expect(events.filter((e) => e.kind === 'done')).toHaveLength(1);
    expect(events).toHaveLength(2);
    await page.unroute('**/api/v1/grid/sync');

    await see(page, `.group[data-group="done"] .task-item[data-id="${taskIds.adHoc}"] .mark.done`, '已完成 · 已见到本人');
    expect(await page.locator('.sync-waiting').count()).toBe(0);
    await item(taskIds.adHoc).locator('a.open').tap();
    await see(page, '.summary .status[data-status="done"]', '已完成 · 已见到本人');
    await see(page, '.event[data-kind="done"]:not(.local)', '已见到本人');
    const task = await server.runtime.ctx.db.selectFrom('tasks').select(['status', 'result']).where('id', '=', taskIds.adHoc).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'done', result: 'reached' });
  }, 120_000);

  it("shows the server's message for a record it refuses, until read", async () => {
    await page.locator('.back').tap();
    await item(taskIds.overdue).locator('a.open').tap();
    await page.locator('.record-form').waitFor();
    await context.setOffline(true);
    await page.locator('.mode-done').tap();
    await page.locator('.choice', { hasText: '已见到本人' }).tap();
    await page.locator('.save-done').tap();
    await see(page, '.summary .status', '已办结（待同步）');
    // Meanwhile the task is closed elsewhere (cancelled by a leader).
    const api = await adminApi();
    await api('PATCH', `/grid/tasks/${taskIds.overdue}`, { status: 'cancelled' });
    await context.setOffline(false);
    await see(page, '.sync-refused', '未被接受：该任务已办结或已取消'); // the server's message
    expect((await outbox()).map((r) => r.state)).toEqual(['refused']);
    expect((await eventsOf(taskIds.overdue)).filter((e) => e.kind === 'done')).toEqual([]);
    await snap(page, 'worker-refused');
    await page.locator('.sync-refused .dismiss').tap();
    await expect.poll(outbox).toEqual([]);
  }, 120_000);

  it('records a temperature on a home observation: synced at once, shown among its readings', async () => {
    const api = await adminApi();
    const { task } = await api<{ task: { id: string } }>('POST', '/grid/observations', { personId });
    await page.locator('.back').tap();
    await page.locator('.refresh').tap();
    await item(task.id).locator('a.open').tap();
    await see(page, '.summary .kind', '居家观察');
    await page.locator('.mode-temperature').tap();
    await page.locator('input[name="temperature"]').fill('45');
    await page.locator('.save-temperature').tap();
    await see(page, '.record-form .field-error', '34–43');
    await page.locator('input[name="temperature"]').fill('37.8');
    await page.locator('.save-temperature').tap();
    await see(page, '.event[data-kind="temperature"]:not(.local)', '37.8 °C');
    await see(page, '.record-saved', '已同步到服务器');
    expect(await outbox()).toEqual([]);
    expect((await eventsOf(task.id)).map((e) => e.kind)).toEqual(['temperature']);
    await see(page, '.readings .reading', '37.8 °C');
    await snap(page, 'worker-temperature');
  }, 60_000);

  it('forgets the kept tasks at logout', async () => {
    await page.locator('.tabs .tab-me').tap();
    await page.locator('button.logout').tap();
    await page.locator('input[name="username"]').waitFor();
    expect(await cached()).toBeNull();
    // a record of another worker still waiting on this phone is counted on the login form
    await page.evaluate(() => localStorage.setItem('tg_worker_outbox:someone-else', JSON.stringify([{ clientId: 'c-waiting-000001', taskId: 't1', kind: 'note', at: new Date().toISOString(), createdAt: Date.now(), state: 'pending', attempts: 0 }])));
    await page.reload();
    await see(page, '.login-waiting', '本机有 1 条记录（代登记、走访）等待发送');
    await page.evaluate(() => localStorage.removeItem('tg_worker_outbox:someone-else'));
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('community police holding a grid post', () => {
  it('gets the task and household tabs next to the feed and the scanner', async () => {
    await seedUser(server.runtime.ctx, 'police.zhao', 'officer', [COMMUNITY]);
    const api = await adminApi();
    await api('POST', '/grid/posts', { username: 'police.zhao', orgCode: COMMUNITY, post: 'community_police' });
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT);
      await page.goto(`${server.url}/officer/`);
      await login(page, 'police.zhao', PASSWORD);
      await page.waitForURL(/\/officer\/feed$/);
      await page.locator('.tabs .tab-tasks').waitFor();
      const tabs = await page.locator('.tabs .tab').evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('tab-'))));
      expect(tabs).toEqual(['tab-feed', 'tab-scan', 'tab-tasks', 'tab-households', 'tab-register', 'tab-lookup', 'tab-summary', 'tab-me']);
    } finally {
      await context.close();
    }
  }, 60_000);
});
