// The injection corpus rendered inert, in Chromium against a real server (SQLite), served from dist/web: people
// registered with markup, template syntax, SQL and spreadsheet formulas as their names (and in the details of a
// community visit) are listed masked, revealed in clear on the check-ins page and on the person page, and exported
// as CSV and XLSX. No script runs (window.__pwned stays undefined, no dialog opens), no element of a payload exists
// in the page, the text shows literally, and no exported cell is a formula (src/modules/exports/cells.ts).
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { startsFormula } from '../../src/modules/exports/cells.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { operator } from '../helpers/factories.ts';
import { asStoredName, MARKUP, SPREADSHEET, SQL, UNICODE } from '../helpers/injection-corpus.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, login, see, snap, watchPage } from './browser.ts';

const ADMIN_PASSWORD = 'Tg-injection-test-2024';
const STEP_TIMEOUT = 30_000;
/** What is typed as a name (at most 40 characters); the refused ones are the HTTP test's (test/http/injection.test.ts). */
const NAMES = [...MARKUP, ...SQL, ...SPREADSHEET, ...UNICODE].filter((p) => p.expect === 'store').map((p) => [...p.text].slice(0, 40).join(''));
const SCRIPT = MARKUP[0].text;

/** A cell no spreadsheet runs: not formula-like, or escaped with the leading apostrophe. */
const inert = (text: string) => !startsFormula(text) || text.startsWith("'");

let server: RunningServer;
let browser: Browser;
const people = NAMES.map((name) => syntheticPerson(name));

/** What a payload may have left in the page: elements, attributes, a global, a dialog. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  for (const selector of ['img[src="x"]', 'svg[onload]', '#injected', '[onerror]', 'script:not([src])', 'a[href^="javascript:"]']) {
    expect(await page.locator(selector).count(), selector).toBe(0);
  }
}

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  const site = await createSite(server.runtime.ctx, operator, { orgCode: '150102', kind: 'community', name: '阳光社区门岗' });
  const token = decodeURIComponent(site.url.split('/r/')[1]);
  // newest first in the list: the markup comes out on top
  for (const person of [...people].reverse()) {
    const res = await fetch(`${server.url}/api/v1/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, key: idemKey(), direction: 'in', person, community: { role: 'visitor', visiting: [...person.name].slice(0, 80).join('') }, address: { line: person.name } }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  await indexCheckins(server.runtime.ctx);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

describe('the injection corpus in the console', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const dialogs: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('lists the check-ins masked and reveals each in clear, literally, with nothing run', async () => {
    await page.goto(`${server.url}/console/checkins`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/console\/checkins/);
    const rows = page.locator('.checkins-table .el-table__body-wrapper .el-table__row');
    await page.waitForFunction((n) => document.querySelectorAll('.checkins-table .el-table__body-wrapper .el-table__row').length === n, people.length);
    await expectInert(page, dialogs);
    await snap(page, 'console-injection-list');
    // the markup, the template syntax and the SQL are revealed one by one (the formulas: in the exports below)
    const revealed = MARKUP.length + SQL.length;
    const shown: string[] = [];
    for (let i = 0; i < revealed; i++) {
      await rows.nth(i).locator('.reveal').click();
      const dialog = page.locator('.reveal-dialog');
      await dialog.waitFor({ state: 'visible' });
      await dialog.locator('input[name="purpose"]').fill('注入测试：核对显示');
      await dialog.locator('.confirm-reveal').click();
      await dialog.locator('.clear-name').waitFor({ state: 'visible' });
      const name = (await dialog.locator('.clear-name').textContent()) ?? '';
      shown.push(name);
      // the details (the visited household, the address line) show the same text, as text
      if (name === SCRIPT) {
        expect(await dialog.innerText()).toContain(SCRIPT);
        await snap(page, 'console-injection-reveal');
      }
      await expectInert(page, dialogs);
      await dialog.locator('.close').click();
      await dialog.waitFor({ state: 'hidden' });
    }
    expect(shown).toEqual(NAMES.slice(0, revealed).map(asStoredName));
    expect(problems).toEqual([]);
  }, 180_000);

  it('shows the person page revealed, literally', async () => {
    const { ctx, database } = server.runtime;
    const person = people[0];
    const id = (await database.db.selectFrom('persons').select('id').where('idBidx', '=', ctx.blindIndex.of('id_number', person.idNumber)).executeTakeFirstOrThrow()).id;
    await page.goto(`${server.url}/console/people/${id}`);
    await see(page, '.profile-name', '<**');
    await page.locator('.reveal-person').click();
    await page.locator('.purpose-dialog .purpose-input input').fill('注入测试：人员页');
    await page.locator('.purpose-dialog .purpose-confirm').click();
    await see(page, '.profile-name', SCRIPT);
    expect(await page.locator('.profile-name').first().textContent()).toContain(SCRIPT);
    await expectInert(page, dialogs);
    await snap(page, 'console-injection-person');
    expect(problems).toEqual([]);
  }, 120_000);

  async function download(format: 'csv' | 'xlsx', purpose?: string): Promise<{ download: Download; bytes: Buffer }> {
    await page.goto(`${server.url}/console/checkins`);
    await page.locator('.export').click();
    const dialog = page.locator('.export-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator(`.format-${format}`).click();
    if (purpose) {
      await dialog.locator('.clear').click();
      await dialog.locator('input[name="purpose"]').fill(purpose);
    }
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.locator('.start-export').click()]);
    return { download: file, bytes: fs.readFileSync((await file.path())!) };
  }

  it('exports a CSV with no cell a spreadsheet would run', async () => {
    const { bytes } = await download('csv');
    const records = parse(bytes.toString('utf8'), { bom: true, relax_column_count: true }) as string[][];
    expect(records.length).toBe(people.length + 1);
    for (const record of records) for (const field of record) expect(inert(field), field).toBe(true);
    await expectInert(page, dialogs);
  }, 120_000);

  it('exports an XLSX in clear with every formula-like name escaped and no formula cell', async () => {
    const { bytes } = await download('xlsx', '注入测试：导出核对');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    const sheet = book.worksheets[0];
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      row.eachCell((cell) => {
        expect(cell.type, `row ${n}`).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(inert(cell.value), cell.value).toBe(true);
      });
      if (n > 1) names.push(String(row.getCell(6).value));
    });
    const expected = NAMES.map(asStoredName).map((n) => (startsFormula(n) ? `'${n}` : n));
    expect(names.sort()).toEqual(expected.sort());
    for (const p of SPREADSHEET) expect(names).toContain(`'${asStoredName(p.text)}`);
    await expectInert(page, dialogs);
    expect(problems).toEqual([]);
  }, 120_000);
});
