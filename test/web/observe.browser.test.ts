// The home-observation page in Chromium at 360x740 against a real server (SQLite, the server's clock held at a
// known China time): opened from the personal link, a report marks the slot done; a report made while the network
// fails (the first answer lost after the server stored it, then no network at all) waits on the phone and is stored
// exactly once when the network is back; a replaced link reads as not valid. Synthetic people only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { HOUR, ManualClock } from '../../src/core/clock.ts';
import { dayStartMs } from '../../src/core/local-day.ts';
import { rotateObservationLink, startObservation } from '../../src/modules/grid/observation-service.ts';
import { bootstrapAdministrator } from '../../src/modules/users/service.ts';
import { createTestRuntime, type TestRuntime } from '../helpers/db.ts';
import { operator } from '../helpers/factories.ts';
import { buildObservationApp, seedObservationWorld, seedResident } from '../helpers/observation-world.ts';
import { launchBrowser, see, snap, watchPage } from './browser.ts';

const STEP_TIMEOUT = 30_000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' };
const DAY = '2027-05-10';
const clock = new ManualClock(dayStartMs(DAY) + 8 * HOUR); // 08:00 China time: the morning slot is open

let rt: TestRuntime;
let app: FastifyInstance;
let url: string;
let browser: Browser;

beforeAll(async () => {
  rt = await createTestRuntime('sqlite', { clock });
  await bootstrapAdministrator(rt.ctx, { password: 'Tg-observe-test-2024', regionCode: '150000', regionName: '内蒙古自治区' });
  await seedObservationWorld(rt.ctx);
  app = await buildObservationApp(rt);
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await rt?.dispose();
}, 60_000);

async function phone(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  return { context, page, problems: watchPage(page) };
}

async function observe(name: string, room: string): Promise<{ id: string; path: string }> {
  const person = await seedResident(rt.ctx, name, room);
  const started = await startObservation(rt.ctx, operator, { personId: person });
  const link = new URL(started.link);
  return { id: started.observation.id, path: `${link.pathname}${link.hash}` };
}

const reportsOf = (id: string) => rt.database.db.selectFrom('temperatureReports').selectAll().where('observationId', '=', id).execute();

describe('observe page', () => {
  it('opens from the personal link, sends a report and shows the slot done', async () => {
    const obs = await observe('王小红', '601');
    const { context, page, problems } = await phone();
    try {
      await page.goto(`${url}${obs.path}`);
      await see(page, '.person', '王*');
      await see(page, '.day', '第 1 天，共 14 天');
      await see(page, '.slot[data-slot="am"]', '未报告');
      await page.locator('input[name="temperature"]').fill('42.5');
      await page.locator('button.submit').click();
      await see(page, '.form-error', '35.0 到 42.0');
      expect(await reportsOf(obs.id)).toHaveLength(0);
      await page.locator('input[name="temperature"]').fill('36.6');
      await page.locator('button.submit').click();
      await see(page, '.slot.done[data-slot="am"]', '已报告');
      await see(page, '.message', '已收到您的上午报告');
      await snap(page, 'observe-done');
      const rows = await reportsOf(obs.id);
      expect(rows.map((r) => [r.slot, r.temperature, r.source])).toEqual([[`${DAY}/am`, 36.6, 'self']]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps a report made without network and stores it once when the network is back', async () => {
    const obs = await observe('赵一鸣', '602');
    const { context, page, problems } = await phone();
    try {
      await page.goto(`${url}${obs.path}`);
      await see(page, '.slot[data-slot="am"]', '未报告');
      let posts = 0;
      // The first attempt reaches the server but its answer is lost; later ones do not get out at all.
      const block = async (route: Route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts++;
        if (posts === 1) await route.fetch();
        return route.abort('internetdisconnected');
      };
      await page.route('**/api/v1/public/observation', block);
      await page.locator('input[name="temperature"]').fill('37.8');
      await page.locator('input[name="symptom"][value="cough"]').check();
      await page.locator('button.submit').click();
      await see(page, '.notice.queued', '报告已保存在手机上');
      await see(page, '.slot.pending[data-slot="am"]', '待发送');
      await snap(page, 'observe-queued');
      const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('tg_observe_outbox') ?? '[]') as Array<{ clientId: string }>);
      expect(queued).toHaveLength(1);
      expect(await reportsOf(obs.id)).toHaveLength(1); // the lost answer: stored already

      await page.unroute('**/api/v1/public/observation', block);
      await page.locator('.notice.queued button.send-now').click();
      await see(page, '.slot.done[data-slot="am"]', '已报告');
      await see(page, '.message', '网格员会联系您');
      const rows = await reportsOf(obs.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ clientId: queued[0].clientId, temperature: 37.8, symptoms: '["cough"]', slot: `${DAY}/am` });
      expect(await page.evaluate(() => localStorage.getItem('tg_observe_outbox'))).toBe('[]');
      // opened again: nothing is sent twice
      await page.reload();
      await see(page, '.slot.done[data-slot="am"]', '已报告');
      expect(await reportsOf(obs.id)).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says a replaced link is not valid, in the chosen language', async () => {
    const obs = await observe('钱多多', '603');
    await rotateObservationLink(rt.ctx, operator, obs.id);
    const { context, page, problems } = await phone();
    try {
      await page.goto(`${url}${obs.path}`);
      await see(page, '.notice.invalid', '已被新链接替换');
      await page.locator('button[data-locale="en"]').click();
      await see(page, '.notice.invalid', 'has been replaced');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
