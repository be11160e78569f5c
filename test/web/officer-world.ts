// The world of the officer app's browser tests: one server (SQLite) with an officer, sites in and out of their
// scope and two check-ins, Chromium as a phone with a fake camera, and the helpers the tests share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { operator, seedUser } from '../helpers/factories.ts';
import { writeQrY4m } from '../helpers/fake-camera.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { createSite } from '../../src/modules/sites/service.ts';

export const ADMIN_PASSWORD = 'Tg-officer-test-2024';
export const STEP_TIMEOUT = 30_000;
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' };

export interface Item {
  id: string;
  name: string;
  enteredBy: string | null;
  enteredByName?: string | null;
  decision: { decision: string } | null;
}

export let server: RunningServer;
export let browser: Browser;
let tmp: string;
export let officerId: string;
export const sites = { checkpoint: { code: '', token: '' }, station: { code: '', token: '' }, community: { code: '', token: '' }, outside: { code: '', token: '' } };
export const people = {
  zhang: syntheticPerson('张三'),
  zhao: syntheticPerson('赵六'),
  sun: syntheticPerson('孙七'),
  li: syntheticPerson('李四'),
  zhou: syntheticPerson('周八'),
};
export const ids = {} as Record<keyof typeof people, string>;

export async function checkin(token: string, body: Record<string, unknown>): Promise<{ id: string; pass: string; flags: string[] }> {
  const res = await fetch(`${server.url}/api/v1/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, key: idemKey(), direction: 'in', ...body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; pass: string; flags: string[] };
}

/** At a checkpoint: origin and destination are required. */
export const atCheckpoint = (person: object, extra: Record<string, unknown> = {}) => checkin(sites.checkpoint.token, { person, origin: '150102', destination: '110101', ...extra });

/** Chooses a place in a form's province > city > county picker, level by level. */
export async function cascade(page: Page, name: string, codes: string[]): Promise<void> {
  for (let level = 0; level < codes.length; level++) {
    await page.locator(`.cascade[data-name="${name}"] select[data-level="${level}"]`).selectOption(codes[level]);
  }
}

/** The administrator's view through the API, to check what the pages did. */
export async function admin() {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async <T>(pathAndQuery: string): Promise<T> => {
    const r = await fetch(`${server.url}${pathAndQuery}`, { headers: { cookie } });
    expect(r.status).toBe(200);
    return (await r.json()) as T;
  };
}

export async function checkinsAt(code: string): Promise<Item[]> {
  const get = await admin();
  return (await get<{ items: Item[] }>(`/api/v1/checkins?site=${code}&limit=200`)).items;
}

/** Starts the server and Chromium (with a fake camera showing 赵六's pass) for the file's tests, and stops them. */
export function useOfficerWorld(): void {
  beforeAll(async () => {
    server = await startServer({ dialect: 'sqlite', adminPassword: ADMIN_PASSWORD });
    const { ctx } = server.runtime;
    officerId = (await seedUser(ctx, 'officer.wang', 'officer', ['150102'])).id;
    const add = async (key: keyof typeof sites, orgCode: string, kind: 'checkpoint' | 'station' | 'community', name: string) => {
      const site = await createSite(ctx, operator, { orgCode, kind, name });
      sites[key] = { code: site.code, token: decodeURIComponent(new URL(site.url).pathname.split('/').pop()!) };
    };
    await add('checkpoint', '150102', 'checkpoint', '金桥卡口');
    await add('station', '150102', 'station', '新城区检测站');
    await add('community', '150102001001', 'community', '阳光社区北门');
    await add('outside', '150202', 'checkpoint', '东河区卡口');

    ids.zhang = (await atCheckpoint(people.zhang, { temperature: 36.5 })).id;
    const zhao = await atCheckpoint(people.zhao, { temperature: 36.7 });
    ids.zhao = zhao.id;

    // The fake camera shows 赵六's personal pass, a real one from the server.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-officer-'));
    const video = path.join(tmp, 'pass.y4m');
    writeQrY4m(video, zhao.pass);
    browser = await launchBrowser({ fakeCamera: video });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);
}
