// The console's possible-duplicates page (疑似重复人员) in Chromium against a real server (SQLite), served from
// dist/web: a pair proposed for one person typed two ways is shown side by side, masked, with its score and reasons
// in words; the analyst keeps the record of their choice, finds the merge in the merges tab, undoes it, and sees the
// pair back to decide; another pair is rejected. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { syntheticId } from '../helpers/people.ts';
import { proposeCandidates } from '../../src/modules/matching/service.ts';
import { keyRecord, resolvePersons, type PersonRecord } from '../../src/modules/people/service.ts';
import { rootOf } from '../../src/modules/people/store.ts';

const ADMIN_PASSWORD = 'Tg-merges-test-2024';
const STEP_TIMEOUT = 30_000;
const PHONE = '13912345678';
const ID_NUMBER = syntheticId('19880808');

let server: RunningServer;
let browser: Browser;
const ids: Record<string, string> = {};

async function person(r: Partial<PersonRecord> & { name: string }): Promise<string> {
  const ctx = server.runtime.ctx;
  const keyed = keyRecord(ctx, { idType: r.idNumber ? 'resident_id' : null, idNumber: null, phone: null, ...r });
  return (await resolvePersons(ctx, [keyed], 'import')).personIds[0];
}

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const db = server.runtime.database.db;
  const path = (await db.selectFrom('orgUnits').select('path').where('code', '=', '150102').executeTakeFirstOrThrow()).path;
  ids.zhang = await person({ name: '张三', idNumber: ID_NUMBER, phone: PHONE });
  ids.latin = await person({ name: 'Zhang San', phone: PHONE });
  ids.li = await person({ name: '李四', phone: '13800001111', birthDate: '1970-02-02' });
  ids.li2 = await person({ name: '李四', phone: '13800001111' });
  expect(await proposeCandidates(server.runtime.ctx, [ids.latin, ids.li2].map((personId) => ({ personId })), path)).toBe(2);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('console possible duplicates', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const pair = (name: string) => page.locator('.merge-pair').filter({ hasText: name });

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('shows each pair side by side, masked, with its score and reasons named', async () => {
    await page.goto(`${server.url}/console/merges`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/console\/merges/);
    await see(page, '.merge-pair', 'Z**** S**');
    expect(await page.locator('.merge-pair').count()).toBe(2);
    const zhang = pair('Z**** S**');
    expect(await zhang.innerText()).toContain('张*');
    expect(await zhang.innerText()).toContain('姓名读音相同');
    expect(await zhang.innerText()).toContain('手机号码相同');
    expect(await zhang.innerText()).toContain('名单导入');
    expect(await zhang.locator('.el-progress__text').innerText()).toMatch(/\d+%/);
    const text = await page.locator('body').innerText();
    for (const clear of [ID_NUMBER, PHONE, '张三', 'Zhang San']) expect(text).not.toContain(clear);
    await snap(page, 'console-merges-open');
  }, 120_000);

  it('merges the pair keeping the chosen record, and undoes the merge from the merges tab', async () => {
    const zhang = pair('Z**** S**');
    const latinSide = (await zhang.locator('.a-name').innerText()).startsWith('Z') ? 'a' : 'b';
    await zhang.locator(`.keep-${latinSide}`).click();
    await zhang.locator('.accept').click();
    await see(page, '.el-message', '已合并为同一人');
    await page.waitForFunction(() => document.querySelectorAll('.merge-pair').length === 1);
    expect(await rootOf(server.runtime.database.db, ids.zhang)).toBe(ids.latin);

    await page.locator('.merge-tabs .el-tabs__item').filter({ hasText: '合并记录' }).click();
    await see(page, '.merges-table .el-table__row', 'Z**** S**');
    await snap(page, 'console-merges-merges');
    await page.locator('.merges-table .el-table__row .undo').click();
    await page.locator('.merge-undo-confirm .el-button--primary').click();
    await see(page, '.merges-table .el-table__row .undone', '已撤销');
    expect(await rootOf(server.runtime.database.db, ids.zhang)).toBe(ids.zhang);

    await page.locator('.merge-tabs .el-tabs__item').filter({ hasText: '待处理' }).click();
    await see(page, '.merge-pair', '合并已撤销，待重新处理');
  }, 120_000);

  it('rejects a pair after a confirmation, and lists it among the decided ones', async () => {
    const li = pair('李*').filter({ hasNotText: 'Z**** S**' });
    await li.locator('.reject').click();
    await page.locator('.merge-reject-confirm .el-button--primary').click();
    await see(page, '.el-message', '已标记为不是同一人');
    await page.waitForFunction(() => document.querySelectorAll('.merge-pair').length === 1);
    await page.locator('.merge-tabs .el-tabs__item').filter({ hasText: '已处理' }).click();
    await see(page, '.merge-pair', '不是同一人');
    expect(await page.locator('.merge-pair .accept').count()).toBe(0);
    const audit = await server.runtime.database.db.selectFrom('auditLog').select('action').where('action', 'like', 'merge.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['merge.accept', 'merge.undo', 'merge.reject']);
    expect(problems).toEqual([]);
  }, 120_000);
});
