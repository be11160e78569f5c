// Contact tracing in the console (流调溯源) in Chromium against a real server (SQLite), served from dist/web. A case on a
// confirmed list registered at a checkpoint with a companion and a car, passed by others within minutes (one of them
// lives in another county: routed), and lives in a compound with a household member and a neighbour; the companion
// later passes a screening station with someone else (second degree). An analyst of the case's county starts the
// trace from the case's page, reads the contacts with their evidence and the score explanation, opens the
// transmission chain, switches layouts, puts a cluster forward, clicks the companion and lands on their page; then
// accepts, exports and reveals. A commander reads the trace but cannot start or accept one. Synthetic people only.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { PEOPLE, seedTracingWorld, USERS, type Who } from './tracing-world.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { PASSWORD } from '../helpers/factories.ts';

const ADMIN_PASSWORD = 'Tg-tracing-test-2024';
const STEP_TIMEOUT = 30_000;
const { CASE, COMPANION, ROUTED } = PEOPLE;

let server: RunningServer;
let browser: Browser;
let personIds: Record<Who, string>;

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  personIds = await seedTracingWorld(server);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('console contact tracing', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let traceUrl = '';

  /** The row of the outer contact table whose contact shows this (masked) name. */
  const contactRow = (name: string) => page.locator('.contact-table tr.el-table__row').filter({ has: page.locator('.contact-name', { hasText: name }) });
  /** A node label of the chart (the SVG renderer keeps text as text). */
  const chartText = (text: string) => page.locator('.graph-chart svg text').filter({ hasText: text }).first();

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('starts a trace from the case’s page and lists the contacts with their evidence', async () => {
    await page.goto(`${server.url}/console/people/${personIds.CASE}`);
    await page.waitForURL(/\/console\/login/);
    await login(page, USERS.analyst, PASSWORD);
    await see(page, '.profile-name', '冯**');
    await page.locator('.trace-person').click();
    await page.waitForURL(/\/console\/tracing\?person=/);
    await see(page, '.case-person', personIds.CASE);
    await page.locator('.trace-purpose input').fill('确诊病例流调');
    await snap(page, 'console-tracing-start');
    await page.locator('.start-trace').click();
    await page.waitForURL(/\/console\/tracing\/[0-9A-Z]{26}$/);
    traceUrl = page.url();

    await see(page, '.trace-header .case-name', '冯**');
    await see(page, '.trace-header .case-category', '确诊病例');
    // First degree: companion, passenger, passer-by, household, neighbour, and the one handed to 回民区; second: 钱.
    await see(page, '.contact-table .contact-routed', '移交 回民区');
    await see(page, '.count-routed', '1');
    await expect.poll(() => page.locator('.contact-table .contact-degree').count()).toBe(7);
    await see(page, '.contact-table .contact-degree', '次密接');
    for (const [name, kind] of [['陈**', '同行登记'], ['周**', '同车'], ['吴**', '同卡口通行'], ['孙**', '同住'], ['王**', '同楼栋'], ['钱**', '同卡口通行']] as const) {
      await contactRow(name).locator('.contact-kind', { hasText: kind }).waitFor();
    }
    // Strongest first.
    const scores = (await page.locator('.contact-table .contact-score .el-progress__text').allInnerTexts()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThanOrEqual(90);
    const text = await page.locator('body').innerText();
    for (const clear of [COMPANION.idNumber, COMPANION.name, ROUTED.name, CASE.idNumber]) expect(text).not.toContain(clear);

    // The companion's evidence: where, how, what it adds.
    await contactRow('陈**').locator('.el-table__expand-icon').click();
    const evidence = page.locator('.evidence-table').first();
    await see(page, '.evidence-table .evidence-site', '金桥卡口');
    await see(page, '.evidence-table .evidence-weight', '+80%');
    await see(page, '.evidence-table .evidence-how', '同行登记');
    expect(await evidence.innerText()).toContain('同一次登记');

    await page.locator('.score-explainer .el-collapse-item__header').click();
    await see(page, '.explain-table', '90%');
    await see(page, '.score-explainer', '30 分');
    await snap(page, 'console-trace');
    expect(problems).toEqual([]);
  }, 120_000);

  it('draws the transmission chain in three layouts, puts a cluster forward, and opens a person from a node', async () => {
    await page.locator('.trace-tabs .el-tabs__item').filter({ hasText: '传播链' }).click();
    await chartText('冯**').waitFor();
    await chartText('陈**').waitFor();
    await chartText('回民区').waitFor(); // the routed contact, labelled with its unit
    await snap(page, 'console-trace-graph');

    await page.locator('.layout-force').click();
    await page.locator('.graph-chart--force svg').waitFor();
    await chartText('钱**').waitFor();
    await page.locator('.layout-timeline').click();
    await page.locator('.graph-chart--timeline svg').waitFor();
    await chartText('冯**').waitFor();
    await snap(page, 'console-trace-timeline');

    // The checkpoint event of the case's source is a cluster (several contacts at 金桥卡口 today).
    await page.locator('.layout-hierarchical').click();
    await page.locator('.graph-chart--hierarchical svg').waitFor();
    await page.locator('.cluster-item', { hasText: '金桥卡口' }).first().click();
    await chartText('陈**').waitFor();
    await snap(page, 'console-trace-cluster');

    await chartText('陈**').click();
    await page.waitForURL(new RegExp(`/console/people/${personIds.COMPANION}$`));
    await see(page, '.profile-name', '陈**');
    await page.locator('.sections .el-tabs__item').filter({ hasText: '流调记录' }).click();
    await see(page, '.person-traces .trace-role', '作为接触者');
    expect(problems).toEqual([]);
  }, 120_000);

  it('accepts the trace, exports the list masked and reveals the ID numbers with a purpose', async () => {
    await page.locator('.person-traces tr.el-table__row').first().click();
    await page.waitForURL(traceUrl);
    await page.locator('.accept-trace').click();
    await page.locator('.accept-confirm .el-button--primary').click();
    await see(page, '.accept-summary .accept-unit', '回民区');
    await see(page, '.trace-header .trace-status', '已确认');
    expect(Number(await page.locator('.accept-summary .accept-listed').innerText())).toBeGreaterThan(0);
    expect(await page.locator('.accept-summary .accept-routed').innerText()).toBe('1');

    await page.locator('.export-trace').click();
    await page.locator('.trace-export-dialog .format-csv').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.trace-export-dialog .start-export').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('陈**');
    expect(csv).not.toContain(COMPANION.idNumber);

    await page.locator('.reveal-trace').click();
    await page.locator('.purpose-dialog .purpose-input input').fill('通知密接隔离');
    await page.locator('.purpose-dialog .purpose-confirm').click();
    await contactRow('陈**').locator('.contact-id', { hasText: COMPANION.idNumber }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(ROUTED.idNumber);
    await snap(page, 'console-trace-revealed');
    const actions = await server.runtime.database.db.selectFrom('auditLog').select('action').where('action', 'like', 'trace.%').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['trace.run']));
    expect(problems).toEqual([]);
  }, 120_000);

  it('lets a commander read traces but not start or accept them', async () => {
    const other = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    try {
      const p = await other.newPage();
      p.setDefaultTimeout(STEP_TIMEOUT);
      await p.goto(`${server.url}/console/tracing`);
      await p.waitForURL(/\/console\/login/);
      await login(p, USERS.commander, PASSWORD);
      await p.waitForURL(/\/console\/tracing$/);
      await see(p, '.read-only', '分析人员');
      expect(await p.locator('.trace-start').count()).toBe(0);
      await see(p, '.traces-table .trace-case', '冯**');
      await p.locator('.traces-table .open-trace').first().click();
      await p.waitForURL(traceUrl);
      await see(p, '.trace-header .case-name', '冯**');
      expect(await p.locator('.accept-trace').count()).toBe(0);
      expect(await p.locator('.reveal-trace').count()).toBe(0);
    } finally {
      await other.close();
    }
  }, 120_000);
});
