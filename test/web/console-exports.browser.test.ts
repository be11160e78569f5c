// The console's export dialog in Chromium against a real server (SQLite), served from dist/web: the check-ins page
// exports its current filters as a download, masked by default and escaped against formula injection; in clear
// as XLSX for an administrator with a purpose (audited); a commander can only export masked. Synthetic people only.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { launchBrowser, login, see, snap, watchPage } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator, PASSWORD, seedUser } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';

const ADMIN_PASSWORD = 'Tg-exports-test-2024';
const STEP_TIMEOUT = 30_000;
const EVIL = '=HYPERLINK("http://x","y")';

let server: RunningServer;
let browser: Browser;
const evil = syntheticPerson(EVIL);
const plain = syntheticPerson('张三');

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  await seedUser(server.runtime.ctx, 'commander-a', 'commander', ['150102']);
  const site = await createSite(server.runtime.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '金桥卡口' });
  const token = new URL(site.url).pathname.split('/').pop()!;
  for (const [person, temperature] of [[evil, 38.4], [plain, 36.5]] as const) {
    const res = await fetch(`${server.url}/api/v1/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, key: idemKey(), direction: 'in', origin: '150102', destination: '150102', person, temperature }),
    });
    expect(res.status).toBe(201);
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

async function newPage(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  return { context, page, problems: watchPage(page) };
}

async function downloadFrom(page: Page): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.export-dialog .start-export').click()]);
  return { download, bytes: fs.readFileSync((await download.path())!) };
}

const exportAudits = () => server.runtime.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'export').orderBy('seq').execute();

describe('console exports', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ context, page, problems } = await newPage());
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('downloads the flagged check-ins as a masked CSV, escaped', async () => {
    await page.goto(`${server.url}/console/checkins`);
    await page.waitForURL(/\/console\/login/);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/console\/checkins/);
    await page.locator('.flagged-filter').click();
    await page.waitForFunction(() => document.querySelectorAll('.checkins-table .el-table__body-wrapper .el-table__row').length === 1);
    await page.locator('.export').click();
    const dialog = page.locator('.export-dialog');
    await dialog.waitFor({ state: 'visible' });
    await see(page, '.export-dialog .filter', '仅预警'); // the page's filter is the export's
    await dialog.locator('.format-csv').click();
    await snap(page, 'console-export-dialog');
    const { download, bytes } = await downloadFrom(page);
    expect(download.suggestedFilename()).toMatch(/^登记记录-\d{8}-\d{6}\.csv$/);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const [head, ...rows] = parse(text, { bom: true }) as string[][];
    expect(head[5]).toBe('姓名');
    expect(rows).toHaveLength(1);
    expect(rows[0][5].startsWith("'=")).toBe(true);
    expect(text).not.toContain(evil.idNumber);
    await dialog.waitFor({ state: 'hidden' });
    await see(page, '.el-message', '已导出 1 行');
  }, 120_000);

  it('downloads the values in clear as XLSX for a stated purpose, audited', async () => {
    await page.locator('.export').click();
    const dialog = page.locator('.export-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.format-xlsx').click(); // the dialog remembers the last format: CSV
    await dialog.locator('.clear').click();
    await see(page, '.export-dialog', '审计日志');
    await dialog.locator('.start-export').click();
    await see(page, '.export-dialog .el-form-item__error', '请填写导出明文的用途');
    await dialog.locator('input[name="purpose"]').fill('报送卫健部门：浏览器测试');
    const { download, bytes } = await downloadFrom(page);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(5, 8)).toEqual([`'${EVIL}`, evil.idNumber, evil.phone]);
    const audits = await exportAudits();
    expect(audits.map((a) => a.purpose)).toEqual([null, '报送卫健部门：浏览器测试']);
    expect(JSON.parse(audits[1].detail!)).toMatchObject({ kind: 'checkins', format: 'xlsx', filter: { flagged: true }, rows: 1, revealed: true });
    // nothing in clear stays on the page
    expect(await page.content()).not.toContain(evil.idNumber);
    expect(problems).toEqual([]);
  }, 120_000);

  it('lets a commander export masked values only', async () => {
    const own = await newPage();
    try {
      await own.page.goto(`${server.url}/console/checkins`);
      await own.page.waitForURL(/\/console\/login/);
      await login(own.page, 'commander-a', PASSWORD);
      await own.page.waitForURL(/\/console\/checkins/);
      await own.page.locator('.export').click();
      const dialog = own.page.locator('.export-dialog');
      await dialog.waitFor({ state: 'visible' });
      await see(own.page, '.export-dialog', '您的角色只能导出脱敏数据');
      expect(await dialog.locator('.clear input').isDisabled()).toBe(true);
      const { bytes } = await downloadFrom(own.page);
      const rows = (await (async () => {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(bytes as never);
        const out: unknown[][] = [];
        book.worksheets[0].eachRow((r) => out.push((r.values as unknown[]).slice(1)));
        return out;
      })());
      expect(rows).toHaveLength(3);
      expect(JSON.stringify(rows)).not.toContain(plain.idNumber);
      expect(own.problems).toEqual([]);
    } finally {
      await own.context.close();
    }
  }, 120_000);
});
