// The console's person pages (人员档案) in Chromium against a real server (SQLite), served from dist/web: an
// analyst searches by ID number with a purpose, opens the person, reads the masked profile, the check-ins on a
// timeline and the lists, reveals the profile with a purpose, and downloads the subject access report.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { operator } from '../helpers/factories.ts';
import { newId } from '../../src/core/ids.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const ADMIN_PASSWORD = 'Tg-people-test-2024';
const STEP_TIMEOUT = 30_000;
const PERSON = syntheticPerson('冯十二');

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const { ctx, database } = server.runtime;
  const site = await createSite(ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '金桥卡口' });
  const res = await fetch(`${server.url}/api/v1/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: decodeURIComponent(site.url.split('/r/')[1]), key: idemKey(), direction: 'in', person: PERSON, origin: '150102', destination: '150102' }),
  });
  expect(res.status).toBe(201);
  await indexCheckins(ctx);
  const list = await createList(ctx, operator, { name: '11月外来人员', kind: 'incoming', orgCode: '150102', watch: false });
  const orgPath = (await database.db.selectFrom('lists').select('orgPath').where('id', '=', list.id).executeTakeFirstOrThrow()).orgPath;
  const keyed = keyRecord(ctx, { name: PERSON.name, idType: PERSON.idType, idNumber: PERSON.idNumber, phone: PERSON.phone });
  const { personIds } = await resolvePersons(ctx, [keyed], 'import');
  const id = newId();
  await database.db.insertInto('listEntries').values({
    id, listId: list.id, personId: personIds[0], orgPath, rowKey: id, piiEnc: ctx.cipher.encrypt('list_entry.pii', JSON.stringify({ name: PERSON.name, idNumber: PERSON.idNumber })),
    idBidx: keyed.idBidx, phoneBidx: keyed.phoneBidx, origin: '420100', listedAt: Date.UTC(2026, 10, 1), note: null, source: 'import', importId: null, rowNo: 2, createdAt: Date.now(), endedAt: null,
  }).execute();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('console person pages', () => {
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

  it('finds a person by ID number with a purpose and opens the masked page', async () => {
    await page.goto(`${server.url}/console/people`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/console\/people/);
    await page.locator('.search-value input').fill(PERSON.idNumber);
    await page.locator('.search-purpose input').fill('核查外来人员名单');
    await page.locator('.search-button').click();
    await see(page, '.people-table .el-table__row', '冯**');
    await snap(page, 'console-people-search');
    await page.locator('.people-table .open-person').first().click();
    await page.waitForURL(/\/console\/people\/[0-9A-Z]{26}$/);
    await see(page, '.profile-name', '冯**');
    await see(page, '.timeline-item', '金桥卡口');
    const text = await page.locator('body').innerText();
    for (const clear of [PERSON.idNumber, PERSON.phone, PERSON.name]) expect(text).not.toContain(clear);
    await page.locator('.sections .el-tabs__item').filter({ hasText: '名单与分类' }).click();
    await see(page, '.memberships .el-table__row', '11月外来人员');
    await see(page, '.memberships .el-table__row', '外来人员');
    await snap(page, 'console-person');
  }, 120_000);

  it('reveals the profile with a purpose and downloads the subject access report', async () => {
    await page.locator('.reveal-person').click();
    await page.locator('.purpose-dialog .purpose-input input').fill('联系本人核实');
    await page.locator('.purpose-dialog .purpose-confirm').click();
    await see(page, '.profile-name', PERSON.name);
    await see(page, '.profile-id', PERSON.idNumber);
    await snap(page, 'console-person-revealed');

    await page.locator('.report-person').click();
    await page.locator('.purpose-dialog .purpose-input input').fill('本人申请查询');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.purpose-dialog .purpose-confirm').click()]);
    const report = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(report.idNumber).toBe(PERSON.idNumber);
    expect(report.checkins).toHaveLength(1);
    expect(report.listEntries[0].values.name).toBe(PERSON.name);
    const audit = await server.runtime.database.db.selectFrom('auditLog').select(['action', 'purpose']).where('targetType', '=', 'person').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['lookup', 'person.view', 'reveal', 'person.report']);
    expect(problems).toEqual([]);
  }, 120_000);
});
