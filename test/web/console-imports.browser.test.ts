// The console's list imports page (名单导入) in Chromium against a real server (SQLite), served from dist/web
// (npm run build:web): an analyst's day with a list file. An administrator creates a list for a county, uploads a
// generated CSV of a few thousand synthetic people (Chinese headers, a few invalid rows) through the page's file
// input, sees the recognised mapping and the masked preview with the refusals in red, starts the import and
// watches the live bar reach 100 %, reloads the page on the same job, and downloads the refused rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { syntheticId } from '../helpers/people.ts';

const ADMIN_PASSWORD = 'Tg-imports-test-2024';
const STEP_TIMEOUT = 30_000;
const LIST_NAME = '新城区外来人员测试名单';
const FILE_NAME = '外来人员名单.csv';
const MAPPING_NAME = '机场来源名单';
const ROWS = 3000;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '欧阳'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
const ORIGINS = ['110101', '武汉市', '310101', '湖北省武汉市江岸区'];

/** Data rows (1-based, as in the file after its header) that the server must refuse, one reason each. */
const BAD = {
  checksum: [5, 777, 2999], // the check character of the ID number is wrong
  noName: [25, 1500],
  badPhone: [40, 2400],
};
const REFUSED = Object.values(BAD).flat().length;

interface Person {
  name: string;
  idNumber: string;
  phone: string;
}

/** A synthetic list: distinct birth dates make every ID number distinct; phones are numbered. */
function listFile(): { csv: Buffer; people: Person[] } {
  const people: Person[] = [];
  const lines = ['姓名,身份证号,手机号,来源地,到达时间'];
  for (let i = 1; i <= ROWS; i++) {
    const birth = new Date(Date.UTC(1960, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const person = {
      name: SURNAMES[i % SURNAMES.length] + GIVEN[i % GIVEN.length] + GIVEN[Math.floor(i / GIVEN.length) % GIVEN.length],
      idNumber: syntheticId(birth),
      phone: `139${String(10_000_000 + i)}`,
    };
    people.push(person);
    let { name, idNumber, phone } = person;
    if (BAD.checksum.includes(i)) idNumber = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
    if (BAD.noName.includes(i)) name = '';
    if (BAD.badPhone.includes(i)) phone = '12345';
    const arrival = `2024-03-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:30`;
    lines.push([name, idNumber, phone, ORIGINS[i % ORIGINS.length], arrival].join(','));
  }
  return { csv: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'), people };
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

/** An option of the select dropdown that is open now (Element Plus keeps closed ones in the page). */
async function pick(page: Page, text: string): Promise<void> {
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click();
}

/** The shown value of the select of one import field in the mapping step. */
const mappedHeader = (page: Page, field: string) => page.locator(`.import-mapping .column-row[data-field="${field}"] .el-select`).innerText();

describe('console list imports', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let jobId = '';
  const file = listFile();

  beforeAll(async () => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    problems = watchPage(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('creates a watched list for a county from the 名单导入 page', async () => {
    await page.goto(`${server.url}/console/`);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: '名单导入' }).click();
    await page.waitForURL(/\/console\/imports$/);
    await see(page, '.lists-table', '还没有名单');
    await see(page, '.jobs-table', '还没有导入记录');

    await page.locator('.add-list').click();
    const dialog = page.locator('.import-list-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('input[name="listName"]').fill(LIST_NAME);
    await dialog.locator('.list-kind').click();
    await pick(page, '外来人员');
    // The unit, in the tree of the administrator's scope: region > city > county.
    await dialog.locator('.list-org').click();
    const tree = page.locator('.list-org-tree:visible');
    for (const unit of ['内蒙古自治区 (150000)', '呼和浩特市 (150100)']) {
      await tree.locator('.el-tree-node__content').filter({ hasText: unit }).first().locator('.el-tree-node__expand-icon').click();
    }
    await tree.locator('.el-tree-node__content').filter({ hasText: '新城区 (150102)' }).click();
    expect(await dialog.locator('.list-org').innerText()).toContain('新城区 (150102)');
    await snap(page, 'console-imports-new-list');
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('.lists-table .el-table__body-wrapper .el-table__row').filter({ hasText: LIST_NAME });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('外来人员');
    expect(text).toContain('150102');
    expect(text).toContain('关注中');
    expect((await row.locator('.list-entries').innerText()).trim()).toBe('0');
  }, 120_000);

  it('uploads a CSV, recognises its columns and previews the first rows masked, refusals in red', async () => {
    await page.locator('.import-upload input[type="file"]').setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: file.csv });
    await page.locator('.import-mapping').waitFor({ state: 'visible' });
    await see(page, '.import-mapping .file-name', FILE_NAME);

    expect(await mappedHeader(page, 'name')).toContain('姓名');
    expect(await mappedHeader(page, 'idNumber')).toContain('身份证号');
    expect(await mappedHeader(page, 'phone')).toContain('手机号');
    expect(await mappedHeader(page, 'origin')).toContain('来源地');
    expect(await mappedHeader(page, 'listedAt')).toContain('到达时间');
    for (const field of ['idType', 'gender', 'birthDate', 'address', 'note']) expect(await mappedHeader(page, field)).toContain('不导入');

    const rows = page.locator('.preview-table .el-table__body-wrapper .el-table__row');
    await see(page, '.preview-table .el-table__row', file.people[0].name[0]);
    await expect.poll(() => rows.count()).toBe(20);
    // Data row 5 is file row 6: refused for its ID number, shown in red with the server's message.
    const refused = page.locator('.preview-table .el-table__row.refused-row');
    expect(await refused.count()).toBe(1);
    expect(await refused.first().innerText()).toMatch(/^6\b[\s\S]*“身份证号”列：身份证号校验位不正确/);
    const first = await rows.first().innerText();
    expect(first).toContain(`${file.people[0].idNumber.slice(0, 3)}***********${file.people[0].idNumber.slice(-4)}`);
    expect(first).toContain('可导入');
    const shown = await page.locator('.preview-table').innerText();
    for (const p of file.people.slice(0, 20)) {
      expect(shown).not.toContain(p.idNumber);
      expect(shown).not.toContain(p.phone);
    }
    await snap(page, 'console-imports-mapping');
  }, 120_000);

  it('starts the import and watches the live bar reach 100 % and the job done', async () => {
    await page.locator('.import-mapping .target-list').click();
    await pick(page, LIST_NAME);
    await page.locator('.import-mapping input[name="saveAs"]').fill(MAPPING_NAME);
    await page.locator('.import-mapping .start-import').click();

    await page.waitForURL(/\/console\/imports\?job=/);
    jobId = new URL(page.url()).searchParams.get('job')!;
    expect(jobId).toBeTruthy();
    const progress = page.locator(`.import-progress[data-job="${jobId}"]`);
    await progress.waitFor({ state: 'visible' });

    // The bar as the page shows it, sampled until the job is over: it only moves forward and ends at 100.
    const samples: number[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      const status = await progress.getAttribute('data-status');
      const percent = await progress.locator('.job-progress').getAttribute('data-percent');
      if (percent !== null) samples.push(Number(percent));
      if (status === 'done' || status === 'failed') break;
      if (Date.now() > deadline) throw new Error(`import still ${status} after 120 s at ${percent} %`);
      await page.waitForTimeout(100);
    }
    expect(await progress.getAttribute('data-status')).toBe('done');
    expect(samples.at(-1)).toBe(100);
    expect(samples).toEqual([...samples].sort((a, b) => a - b));

    const count = (key: string) => progress.locator(`.count-${key}`).getAttribute('data-value').then(Number);
    expect(await count('read')).toBe(ROWS);
    expect(await count('imported')).toBe(ROWS - REFUSED);
    expect(await count('unchanged')).toBe(0);
    expect(await count('refused')).toBe(REFUSED);
    await see(page, '.import-progress .job-status', '已完成');
    expect((await progress.locator('.report-persons').innerText()).trim()).toBe(String(ROWS - REFUSED));
    expect(await progress.locator('.download-refusals').getAttribute('href')).toBe(`/api/v1/imports/${jobId}/refusals.csv`);
    await snap(page, 'console-imports-done');

    // The jobs table and the list's entry count follow.
    const job = page.locator('.jobs-table .el-table__body-wrapper .el-table__row').filter({ hasText: FILE_NAME });
    await see(page, '.jobs-table .job-status', '已完成');
    expect((await job.locator('.job-imported').innerText()).trim()).toBe(String(ROWS - REFUSED));
    expect((await job.locator('.job-refused').innerText()).trim()).toBe(String(REFUSED));
    const list = page.locator('.lists-table .el-table__body-wrapper .el-table__row').filter({ hasText: LIST_NAME });
    await expect.poll(async () => (await list.locator('.list-entries').innerText()).trim()).toBe(String(ROWS - REFUSED));

    // "Save as" kept the mapping for the next file of this source.
    const mappings = await page.evaluate(async () => (await fetch('/api/v1/import-mappings')).json());
    expect(mappings.items).toContainEqual({
      name: MAPPING_NAME,
      columns: { name: '姓名', idNumber: '身份证号', phone: '手机号', origin: '来源地', listedAt: '到达时间' },
    });
  }, 180_000);

  it('shows the same job after a reload, and its refused rows download as CSV', async () => {
    await page.reload();
    const progress = page.locator(`.import-progress[data-job="${jobId}"][data-status="done"]`);
    await progress.waitFor({ state: 'visible' });
    expect(new URL(page.url()).searchParams.get('job')).toBe(jobId);
    expect(await progress.locator('.job-progress').getAttribute('data-percent')).toBe('100');
    expect(await progress.locator('.count-imported').getAttribute('data-value')).toBe(String(ROWS - REFUSED));
    expect(await progress.locator('.count-refused').getAttribute('data-value')).toBe(String(REFUSED));

    const href = (await progress.locator('.download-refusals').getAttribute('href'))!;
    const answer = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/csv/);
    const lines = answer.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + REFUSED);
    const byRow = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l]));
    for (const n of BAD.checksum) expect(byRow.get(n + 1)).toMatch(/身份证号,身份证号校验位不正确/);
    for (const n of BAD.noName) expect(byRow.get(n + 1)).toMatch(/姓名,姓名为空/);
    for (const n of BAD.badPhone) expect(byRow.get(n + 1)).toMatch(/手机号,/);
    for (const p of file.people) expect(answer.text).not.toContain(p.idNumber);

    const text = await page.locator('body').innerText();
    for (const p of file.people.slice(0, 50)) expect(text).not.toContain(p.idNumber);
    expect(problems).toEqual([]);
  }, 120_000);
});
