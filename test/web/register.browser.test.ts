// The phone page in Chromium at 360x740 against a real server (SQLite): a site of each kind registered in
// Chinese and English, Mongolian text, a forged code, inline validation, remember me, and a check-in made
// offline that reaches the database exactly once when the network is back. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, snap } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator } from '../helpers/factories.ts';
import { syntheticId, syntheticPhone } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';

type Kind = 'checkpoint' | 'community' | 'floating';
const STEP_TIMEOUT = 30_000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' };

let server: RunningServer;
let browser: Browser;
const paths = {} as Record<Kind, string>;
const siteIds = {} as Record<Kind, string>;

beforeAll(async () => {
  server = await startServer({ dialect: 'sqlite', adminPassword: 'Tg-register-test-2024' });
  for (const kind of ['checkpoint', 'community', 'floating'] as const) {
    const site = await createSite(server.runtime.ctx, operator, { orgCode: '150102', kind, name: `测试${kind}点` });
    paths[kind] = new URL(site.url).pathname;
    siteIds[kind] = site.id;
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 60_000);

async function phone(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  return { context, page, problems: watchPage(page) };
}

async function cascade(page: Page, name: string, codes: string[]): Promise<void> {
  for (let level = 0; level < codes.length; level++) {
    await page.locator(`.cascade[data-name="${name}"] select[data-level="${level}"]`).selectOption(codes[level]);
  }
}

async function fillPerson(page: Page, name: string): Promise<string> {
  const id = syntheticId('19850612');
  await page.locator('input[name="person.name"]').fill(name);
  await page.locator('input[name="person.idNumber"]').fill(id);
  await page.locator('input[name="person.phone"]').fill(syntheticPhone());
  return id;
}

/** Fills the form of a kind with what that kind requires. */
async function fillForm(page: Page, kind: Kind, name: string): Promise<void> {
  await page.locator(`form.checkin-form[data-kind="${kind}"]`).waitFor();
  await fillPerson(page, name);
  if (kind === 'checkpoint') {
    await page.locator('input[name="hasVehicle"]').check();
    await page.locator('.plate-prefix').click();
    await page.locator('.plate-keyboard button[data-prefix="京"]').click();
    await page.locator('input[name="plate.rest"]').fill('a12345');
    await cascade(page, 'origin', ['150000', '150100', '150102']);
    await cascade(page, 'destination', ['110000', '110101']);
  } else if (kind === 'community') {
    await page.locator('input[name="building"]').fill('3');
    await page.locator('input[name="room"]').fill('501');
  } else {
    await cascade(page, 'origin', ['420000', '420100', '420106']);
    await page.locator('input[name="building"]').fill('8');
    await page.locator('input[name="room"]').fill('1201');
    await page.locator('input[name="host"]').fill('王房东');
    await page.locator('input[name="stayDays"]').fill('30');
  }
}

async function checkinsOf(siteId: string) {
  // A submission's key is kept with its first row's id, in checkin_keys.
  return server.runtime.ctx.db
    .selectFrom('checkins')
    .leftJoin('checkinKeys', 'checkinKeys.checkinId', 'checkins.id')
    .select(['checkins.id', 'checkinKeys.idemKey', 'checkins.role', 'checkins.flags', 'checkins.plateType', 'checkins.lang'])
    .where('checkins.siteId', '=', siteId)
    .execute();
}

describe('register page', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const kind of ['checkpoint', 'community', 'floating'] as const) {
      it(`registers at a ${kind} in ${lang === 'zh' ? 'Chinese' : 'English'} and shows the pass`, async () => {
        const { context, page, problems } = await phone();
        try {
          const before = (await checkinsOf(siteIds[kind])).length;
          await page.goto(server.url + paths[kind]);
          await page.locator('.site-name').filter({ hasText: `测试${kind}点` }).waitFor();
          if (lang === 'en') await page.locator('button[data-locale="en"]').click();
          await page.locator('.site-kind').filter({ hasText: lang === 'zh' ? /登记/ : /registration|Compound|stay/i }).waitFor();
          await fillForm(page, kind, lang === 'zh' ? '张测试' : 'Test Person');
          if (kind === 'checkpoint') await page.locator('input[name="temperature"]').fill('38.2');
          await snap(page, `register-${kind}-${lang}-form`);
          await page.locator('button.submit').click();
          await page.locator('.pass .qr-box svg.qr').waitFor();
          await page.locator('.pass h2').filter({ hasText: lang === 'zh' ? '登记成功' : 'You are checked in' }).waitFor();
          expect(await page.locator('.pass .pass-site').innerText()).toBe(`测试${kind}点`);
          const pass = await page.locator('.qr-box').getAttribute('data-pass');
          expect(pass).toBeTruthy();
          expect(pass).not.toContain('张测试');
          if (kind === 'checkpoint') {
            await page.locator('.advice li[data-flag="fever"]').filter({ hasText: lang === 'zh' ? '复测体温' : 're-check' }).waitFor();
          }
          await snap(page, `register-${kind}-${lang}-pass`);
          const rows = await checkinsOf(siteIds[kind]);
          expect(rows.length).toBe(before + 1);
          if (kind === 'checkpoint') expect(rows.at(-1)).toMatchObject({ plateType: 'ordinary' });
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  }

  it('switches to Mongolian in the traditional script and remembers it', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(server.url + paths.floating);
      await page.locator('form.checkin-form').waitFor();
      await page.locator('button[data-locale="mn"]').click();
      await page.locator('.site-kind').filter({ hasText: /[\u1820-\u1878]/ }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('mn-Mong');
      expect(await page.locator('button.submit').innerText()).toMatch(/[\u1820-\u1878]/);
      await snap(page, 'register-mn');
      await page.reload();
      await page.locator('button.submit').filter({ hasText: /[\u1820-\u1878]/ }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows a clear page for a forged code, in the chosen language', async () => {
    const { context, page } = await phone();
    try {
      // A character in the middle of the signature: the last one may carry only padding bits, and changing those
      // gives the same bytes back.
      const cut = paths.community.length - 10;
      const forged = paths.community.slice(0, cut) + (paths.community[cut] === 'A' ? 'B' : 'A') + paths.community.slice(cut + 1);
      await page.goto(server.url + forged);
      await page.locator('.invalid-token h1').filter({ hasText: '二维码无效或已过期' }).waitFor();
      await page.goto(`${server.url}/r/not-a-token?lang=en`);
      await page.locator('.invalid-token').filter({ hasText: 'scan the current poster' }).waitFor();
      expect(await page.locator('form').count()).toBe(0);
      await snap(page, 'register-invalid');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows errors under the fields, then remembers the person for a one-tap check-in', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(server.url + paths.community);
      await page.locator('form.checkin-form').waitFor();
      await page.locator('input[name="person.name"]').fill('赵记住');
      await page.locator('input[name="person.phone"]').fill('12345');
      await page.locator('button.submit').click();
      await page.locator('[data-error-for="person.phone"]').filter({ hasText: '11 位手机号码' }).waitFor();
      await page.locator('[data-error-for="building"]').filter({ hasText: '请填写此项' }).waitFor();
      await page.locator('input[name="person.phone"]').fill(syntheticPhone());
      await page.locator('input[name="building"]').fill('2');
      await page.locator('input[name="room"]').fill('302');
      await page.locator('input[name="remember"]').check();
      await page.locator('button.submit').click();
      await page.locator('.pass .qr-box svg').waitFor();

      const before = (await checkinsOf(siteIds.community)).length;
      await page.goto(server.url + paths.community);
      const oneTap = page.locator('button.one-tap-button').filter({ hasText: '赵记住' });
      await oneTap.waitFor();
      await snap(page, 'register-one-tap');
      await oneTap.click();
      await page.locator('.pass .qr-box svg').waitFor();
      expect((await checkinsOf(siteIds.community)).length).toBe(before + 1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('keeps a check-in made offline on the phone and stores it exactly once when the network is back', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(server.url + paths.checkpoint);
      await fillForm(page, 'checkpoint', '钱离线');
      const before = await checkinsOf(siteIds.checkpoint);
      await context.setOffline(true);
      await page.locator('button.submit').click();
      await page.locator('.queued h2').filter({ hasText: '已保存在本手机' }).waitFor();
      await snap(page, 'register-offline-queued');
      const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('tg_register_outbox') ?? '[]') as Array<{ key: string }>);
      expect(queued).toHaveLength(1);
      const key = queued[0].key;
      expect((await checkinsOf(siteIds.checkpoint)).length).toBe(before.length);

      await context.setOffline(false); // fires `online`: the page sends what it kept
      await page.locator('.pass .qr-box svg').waitFor();
      await page.reload(); // a later visit finds nothing left to send
      await page.locator('form.checkin-form').waitFor();
      expect(await page.evaluate(() => localStorage.getItem('tg_register_outbox'))).toBe('[]');
      const rows = (await checkinsOf(siteIds.checkpoint)).filter((r) => r.idemKey === key);
      expect(rows).toHaveLength(1);
      expect((await checkinsOf(siteIds.checkpoint)).length).toBe(before.length + 1);

      // The page is kept on the phone (service worker): opened again offline, it shows the last pass.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await context.setOffline(true);
      await page.reload();
      await page.locator('.unreachable').waitFor();
      await page.locator('.pass .qr-box svg').waitFor();
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await snap(page, 'register-offline-last-pass');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
