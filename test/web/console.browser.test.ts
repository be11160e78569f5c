// The pages in a real browser against a real server (SQLite), served from dist/web (npm run build:web).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, login, snap, see } from './browser.ts';
import { startServer } from '../helpers/server.ts';
import { totpCode } from '../../src/core/totp.ts';

const ADMIN_PASSWORD = 'Tg-browser-test-2024';
const STEP_TIMEOUT = 30_000;

let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  return { context, page, problems: watchPage(page) };
}

/** Calls the API as a user (cookie and CSRF token as the pages send them), to prepare data for a page test. */
async function apiAs(username: string, password: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
}

describe('console', () => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ context, page, problems } = await newPage({ viewport: { width: 1366, height: 850 } }));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('asks for a login, then shows the org tree with the root unit', async () => {
    await page.goto(`${server.url}/console/`);
    await page.waitForURL(/\/console\/login/);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('wrong-password-1');
    await page.locator('.login-submit').click();
    await see(page, '.login-error', /.+/); // the server's message, in Chinese
    await snap(page, 'console-login');
    await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
    await page.locator('.login-submit').click();
    await page.waitForURL(/\/console\/dashboard/); // the landing page of those who read the dashboard
    await page.getByRole('menuitem', { name: '组织机构' }).click();
    await page.waitForURL(/\/console\/org/);
    await see(page, '.org-node[data-code="150000"]', '内蒙古自治区');
    await see(page, '.el-menu-item', '组织机构');
    await snap(page, 'console-org');
  }, 120_000);

  it('expands the root lazily and shows the child unit with its path', async () => {
    const root = page.locator('.el-tree-node').filter({ has: page.locator('.org-node[data-code="150000"]') }).first();
    await root.locator('.el-tree-node__expand-icon').first().click();
    await see(page, '.org-node[data-code="150100"]', '呼和浩特市');
    await page.locator('.org-node[data-code="150100"]').click();
    await see(page, '.org-unit-panel .el-breadcrumb', '内蒙古自治区');
    await see(page, '.org-unit-panel .el-descriptions', '150100');
    await snap(page, 'console-org-expanded');
  }, 120_000);

  it('adds, renames and deletes a child unit, and refuses to delete a unit with children', async () => {
    await page.locator('.org-unit-panel .add-child').click();
    const dialog = page.locator('.org-unit-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('.level-select').innerText()).toContain('旗县区'); // one level below 市/盟
    await dialog.locator('input[name="code"]').fill('150104');
    await dialog.locator('input[name="name"]').fill('玉泉区');
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await see(page, '.org-node[data-code="150104"]', '玉泉区');

    await page.locator('.org-node[data-code="150104"]').click();
    await see(page, '.org-unit-panel .el-descriptions', '150104');
    await page.locator('.org-unit-panel .edit').click();
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('input[name="name"]').fill('玉泉区（改）');
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await see(page, '.org-node[data-code="150104"]', '玉泉区（改）');

    await page.locator('.org-unit-panel .delete').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await page.locator('.org-node[data-code="150104"]').waitFor({ state: 'detached' });
    await see(page, '.org-view .el-empty', '选择');

    // 呼和浩特市 still has children: the server says no, and the page shows why.
    await page.locator('.org-node[data-code="150100"]').click();
    await see(page, '.org-unit-panel .el-descriptions', '150100');
    await page.locator('.org-unit-panel .delete').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await see(page, '.el-message--error', '下级机构');
    await see(page, '.org-node[data-code="150100"]', '呼和浩特市');
  }, 120_000);

  it('switches to English', async () => {
    await page.locator('.el-header .locale-switch').getByText('English').click();
    await see(page, '.el-menu-item', 'Org hierarchy');
    await see(page, '.el-menu-item', 'Users');
    await see(page, '.el-menu-item', 'Audit log');
    await see(page, '.el-header', 'Log out');
    await see(page, '.org-unit-panel', 'Child units');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await snap(page, 'console-org-en');
  }, 120_000);

  it('adds a user through the dialog and reveals the phone for a purpose', async () => {
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.waitForURL(/\/console\/users/);
    await see(page, '.users-table', 'admin');

    await page.locator('.add-user').click();
    const dialog = page.locator('.user-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('input[name="username"]').fill('officer.li');
    await dialog.locator('input[name="displayName"]').fill('李警官');
    await dialog.locator('.role-select').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^Officer$/ }).click();
    await dialog.locator('.org-codes').click();
    await page.keyboard.type('150100');
    await page.keyboard.press('Enter');
    await see(page, '.user-dialog .org-codes .el-tag', '150100');
    await dialog.locator('.el-dialog__title').click(); // closes the dropdown
    await dialog.locator('input[name="password"]').fill('Officer-pass-2024');
    await dialog.locator('input[name="phone"]').fill('13800138000');
    await snap(page, 'console-user-dialog');
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('.users-table .el-table__row').filter({ hasText: 'officer.li' });
    await row.waitFor({ state: 'visible' });
    const rowText = await row.innerText();
    expect(rowText).toContain('李警官');
    expect(rowText).toContain('Officer');
    expect(rowText).toContain('呼和浩特市');
    expect(rowText).not.toContain('13800138000'); // masked by default

    await row.locator('.reveal').click();
    const prompt = page.locator('.reveal-prompt');
    await prompt.waitFor({ state: 'visible' });
    await prompt.locator('input').fill('browser test: call back');
    await prompt.locator('.el-button--primary').click();
    await see(page, '.users-table .phone.revealed', '13800138000');
    await snap(page, 'console-users');

    await row.locator('.edit').click();
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('input[name="username"]').isDisabled()).toBe(true);
    await dialog.locator('.role-select').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^Analyst$/ }).click();
    await dialog.locator('.disabled-switch').click();
    await dialog.locator('.save').click();
    await dialog.waitFor({ state: 'hidden' });
    await see(page, '.users-table .el-table__row', /officer\.li[\s\S]*Analyst[\s\S]*Disabled/);
  }, 120_000);

  it('shows the login in the audit log and verifies the chain', async () => {
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await page.waitForURL(/\/console\/audit/);
    await see(page, '.audit-table', 'auth.login');
    await see(page, '.audit-table', 'user.create');
    await page.locator('.verify').click();
    await see(page, '.verify-result', /intact/);
    await snap(page, 'console-audit');

    await page.locator('.action-filter input').fill('auth.login');
    await page.locator('.action-filter input').press('Enter');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.audit-table .el-table__row .audit-action')).every((c) => c.textContent?.trim() === 'auth.login'),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('console for a non-admin', () => {
  it('hides the admin menu items and pages, and the unit actions', async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    const analyst = (await admin('POST', '/users', {
      username: 'analyst.zhao',
      displayName: '赵分析',
      role: 'analyst',
      orgCodes: ['150200'],
      password: 'Analyst-pass-2024',
    })) as { id: string };
    const { context, page, problems } = await newPage({ viewport: { width: 1366, height: 850 } });
    try {
      await page.goto(`${server.url}/console/users`);
      await page.waitForURL(/\/console\/login/);
      await login(page, 'analyst.zhao', 'Analyst-pass-2024');
      await page.waitForURL(/\/console\/org/); // the asked-for admin page is refused
      await see(page, '.org-node[data-code="150200"]', '包头市');
      expect(await page.locator('.org-node[data-code="150000"]').count()).toBe(0); // outside the scope
      expect(await page.locator('.el-menu-item').allInnerTexts()).toEqual(['态势总览', '报告', '组织机构', '登记点', '登记记录', '名单导入', '人员档案', '流调溯源', '网格管理', '疑似重复', '风险地区']);
      await page.locator('.org-node[data-code="150200"]').click();
      await see(page, '.org-unit-panel .el-descriptions', '150200');
      expect(await page.locator('.org-unit-panel .add-child, .org-unit-panel .delete').count()).toBe(0);
      await page.goto(`${server.url}/console/audit`);
      await page.waitForURL(/\/console\/org/);
      await see(page, '.org-node[data-code="150200"]', '包头市');

      // An administrator ends the sessions: the next request finds none and the page returns to its login.
      await admin('POST', `/users/${analyst.id}/revoke-sessions`);
      const city = page.locator('.el-tree-node').filter({ has: page.locator('.org-node[data-code="150200"]') }).first();
      await city.locator('.el-tree-node__expand-icon').first().click(); // loads the children: 401
      await page.waitForURL(/\/console\/login/);
      await see(page, '.el-alert', '会话已结束');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('officer app on a phone', () => {
  it('logs in at 360x740 and shows the role and scopes, then logs out', async () => {
    const { context, page, problems } = await newPage({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      await page.goto(`${server.url}/officer/me`);
      await login(page, 'admin', ADMIN_PASSWORD);
      await see(page, '.role', '系统管理员');
      await see(page, '.scope', '内蒙古自治区');
      await see(page, '.scope', '150000');
      // Fits the phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await snap(page, 'officer-me');

      await page.getByRole('button', { name: 'English' }).click();
      await see(page, '.bar', 'Officer app');
      await see(page, '.role', 'Administrator');

      await page.locator('.logout').click();
      await page.locator('input[name="username"]').waitFor({ state: 'visible' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('officer app with a one-time code', () => {
  it('asks for the code after the password, refuses a wrong one and logs in with the right one', async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    await admin('POST', '/users', {
      username: 'grid.wang',
      displayName: '王网格',
      role: 'grid_worker',
      orgCodes: ['150102001001'],
      password: 'Grid-pass-2024',
    });
    const gridWorker = await apiAs('grid.wang', 'Grid-pass-2024');
    const { secret } = (await gridWorker('POST', '/me/totp/setup')) as { secret: string };
    await gridWorker('POST', '/me/totp/enable', { code: totpCode(secret, Date.now()) });

    const { context, page, problems } = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${server.url}/officer/me`);
      await login(page, 'grid.wang', 'Grid-pass-2024');
      const code = page.locator('input[name="totp"]');
      await code.waitFor({ state: 'visible' });
      await see(page, '.error', '动态验证码');
      const right = totpCode(secret, Date.now());
      await code.fill(right === '000000' ? '111111' : '000000');
      await page.locator('button[type="submit"]').click();
      await see(page, '.error', '错误');
      await snap(page, 'officer-totp');
      // The code that enabled TOTP was used once and cannot be replayed: log in with the next step's code.
      await code.fill(totpCode(secret, Date.now() + 30_000));
      await page.locator('button[type="submit"]').click();
      await see(page, '.role', '网格员');
      await see(page, '.scope', '阳光社区');
      await see(page, 'dl', '已启用');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('register page', () => {
  it('tells how to register, in Chinese and in English, with no form', async () => {
    const { context, page, problems } = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    try {
      for (const path of ['/register/', '/r/']) {
        await page.goto(`${server.url}${path}`);
        await see(page, 'h1', '疫情防控自助登记');
        await see(page, '.lead', '扫描现场张贴的二维码');
        expect(await page.locator('form, input, textarea, select').count()).toBe(0);
      }
      await page.getByRole('button', { name: 'English' }).click();
      await see(page, '.lead', 'Scan the QR poster at a checkpoint, compound gate or your place of stay to register.');
      await see(page, 'section', 'Why we ask you to register');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.title()).toContain('Self-registration');
      await snap(page, 'register-en');

      await page.getByRole('button', { name: '中文' }).click();
      await see(page, '.lead', '扫描现场张贴的二维码');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
