// Sites through the HTTP API on both engines: managing sites in scope, QR tokens that expire and rotate with a
// grace period, the public look-up the phone page uses, and the poster and QR downloads.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { DomainError } from '../../src/core/errors.ts';
import { resolveSiteToken } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { buildTestApp } from '../helpers/server.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const tokenOf = (url: string) => url.split('/r/')[1];

for (const dialect of DIALECTS) {
  describe(`sites on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let admin: Session;
    let officer: Session;
    const clock = new ManualClock();

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock, env: { TRACEGRID_PUBLIC_URL: 'https://reg.example.test/' } });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin-a', 'admin', ['150102']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      app = await buildTestApp(rt);
    });
    // Tests move the clock by days, past the sessions' idle timeout.
    beforeEach(async () => {
      admin = await login(app, 'admin-a');
      officer = await login(app, 'officer-a');
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    const add = async (body: Record<string, unknown>) => {
      const res = await as(app, admin).post('/api/v1/sites', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const resolve = (token: string) => as(app, null).get(`/api/v1/public/sites/resolve?token=${encodeURIComponent(token)}`);

    it('adds a site with a generated code and a signed URL under the public URL, and lists it in scope', async () => {
      const site = await add({ orgCode: '150102001', kind: 'checkpoint', name: '金桥收费站卡口' });
      expect(site.code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
      expect(site).toMatchObject({ kind: 'checkpoint', tokenGeneration: 1, disabled: false, orgUnit: { code: '150102001', name: '示范街道' } });
      expect(site.url).toMatch(/^https:\/\/reg\.example\.test\/r\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const county = (await rt.database.db.selectFrom('orgUnits').select('id').where('code', '=', '150102').executeTakeFirstOrThrow()).id;
      await add({ orgId: county, kind: 'community', name: '阳光小区东门' });
      const all = (await as(app, officer).get('/api/v1/sites')).json();
      expect(all.total).toBe(2);
      const byKind = (await as(app, officer).get('/api/v1/sites?kind=community')).json();
      expect(byKind.items.map((s: { name: string }) => s.name)).toEqual(['阳光小区东门']);
      const township = all.items.find((s: { code: string }) => s.code === site.code).orgUnit.id;
      expect((await as(app, admin).get(`/api/v1/sites?orgId=${township}`)).json().items.map((s: { code: string }) => s.code)).toEqual([site.code]);
      expect((await as(app, admin).get(`/api/v1/sites?q=${encodeURIComponent('收费站')}`)).json().total).toBe(1);
      expect((await as(app, admin).get(`/api/v1/sites/${site.code.toLowerCase()}`)).json().name).toBe('金桥收费站卡口');
    });

    it('refuses writes by an officer and bad input with the field named', async () => {
      expect((await as(app, officer).post('/api/v1/sites', { orgCode: '150102', kind: 'checkpoint', name: 'x' })).statusCode).toBe(403);
      const badKind = await as(app, admin).post('/api/v1/sites', { orgCode: '150102', kind: 'airport', name: 'x' });
      expect(badKind.statusCode).toBe(400);
      expect(badKind.json().error.field).toBe('kind');
      const noOrg = await as(app, admin).post('/api/v1/sites', { kind: 'station', name: 'x' });
      expect([noOrg.statusCode, noOrg.json().error.field]).toEqual([400, 'orgCode']);
      const blank = await as(app, admin).post('/api/v1/sites', { orgCode: '150102', kind: 'station', name: '   ' });
      expect(blank.json().error.code).toBe('site.invalid_name');
      const { code } = await add({ orgCode: '150102', kind: 'station', name: '检测站' });
      expect((await as(app, officer).post(`/api/v1/sites/${code}/rotate`, { graceHours: 1 })).statusCode).toBe(403);
      expect((await as(app, admin).post(`/api/v1/sites/${code}/rotate`, { graceHours: 721 })).statusCode).toBe(400);
    });

    it('resolves its own token publicly, without anything but the name, kind and org unit', async () => {
      const site = await add({ orgCode: '150102', kind: 'floating', name: '流动人口服务站' });
      const res = await resolve(tokenOf(site.url));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ site: { code: site.code, name: '流动人口服务站', kind: 'floating', orgName: '新城区' } });
      const direct = await resolveSiteToken(rt.ctx, tokenOf(site.url));
      expect(direct.site.id).toBe(site.id);
      expect(direct.orgPath).toMatch(/^\/.+\/$/);
    });

    it('refuses forged and altered tokens with site.token_invalid, in the language asked for', async () => {
      const site = await add({ orgCode: '150102', kind: 'checkpoint', name: '卡口一' });
      const [body, sig] = tokenOf(site.url).split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
      const altered = Buffer.from(JSON.stringify({ ...payload, g: payload.g + 1 })).toString('base64url');
      for (const token of [`${body}.${'A'.repeat(43)}`, `${altered}.${sig}`, 'nonsense']) {
        const res = await as(app, null).get(`/api/v1/public/sites/resolve?token=${token}`, { 'accept-language': 'en' });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('site.token_invalid');
        expect(res.json().error.message).toMatch(/not valid/);
      }
    });

    it('refuses an expired token with site.token_expired', async () => {
      const site = await add({ orgCode: '150102', kind: 'checkpoint', name: '卡口二' });
      const token = tokenOf(site.url);
      clock.advance(366 * DAY);
      expect((await resolve(token)).json().error.code).toBe('site.token_expired');
      // A poster printed now carries a fresh window.
      const now = await login(app, 'admin-a');
      expect((await resolve(tokenOf((await as(app, now).get(`/api/v1/sites/${site.code}`)).json().url))).statusCode).toBe(200);
    });

    it('keeps the previous generation during the grace period only, and never older ones; audits each rotation', async () => {
      const site = await add({ orgCode: '150102', kind: 'community', name: '阳光小区北门' });
      const gen1 = tokenOf(site.url);
      const rotated = (await as(app, admin).post(`/api/v1/sites/${site.code}/rotate`, { graceHours: 24 })).json();
      expect(rotated).toMatchObject({ tokenGeneration: 2, previousGeneration: 1 });
      const gen2 = tokenOf(rotated.url);
      clock.advance(23 * HOUR);
      expect((await resolve(gen1)).statusCode).toBe(200);
      clock.advance(2 * HOUR);
      expect((await resolve(gen1)).json().error.code).toBe('site.token_rotated');
      expect((await resolve(gen2)).statusCode).toBe(200);
      admin = await login(app, 'admin-a');
      // A second rotation with a long grace keeps generation 2 alive, and generation 1 stays refused.
      const third = (await as(app, admin).post(`/api/v1/sites/${site.code}/rotate`, { graceHours: 720 })).json();
      expect((await resolve(gen2)).statusCode).toBe(200);
      expect((await resolve(gen1)).json().error.code).toBe('site.token_rotated');
      expect((await resolve(tokenOf(third.url))).statusCode).toBe(200);
      // Grace 0: the old posters stop at once.
      await as(app, admin).post(`/api/v1/sites/${site.code}/rotate`, { graceHours: 0 });
      expect((await resolve(tokenOf(third.url))).json().error.code).toBe('site.token_rotated');
      const audit = await rt.database.db.selectFrom('auditLog').select(['action', 'detail']).where('action', '=', 'site.rotate').where('targetId', '=', site.id).execute();
      expect(audit.map((a) => JSON.parse(a.detail!).graceHours)).toEqual([24, 720, 0]);
    });

    it('refuses tokens of a disabled site with site.not_found, and takes them again once enabled', async () => {
      const site = await add({ orgCode: '150102', kind: 'station', name: '检测站二' });
      expect((await as(app, admin).patch(`/api/v1/sites/${site.code}`, { disabled: true })).json().disabled).toBe(true);
      const res = await resolve(tokenOf(site.url));
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'site.not_found']);
      await expect(resolveSiteToken(rt.ctx, tokenOf(site.url))).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'site.not_found');
      expect((await as(app, admin).patch(`/api/v1/sites/${site.code}`, { disabled: false, name: '检测站（新）' })).json().name).toBe('检测站（新）');
      expect((await resolve(tokenOf(site.url))).statusCode).toBe(200);
    });

    it('serves the QR as SVG and PNG, and posters as PDF with embedded fonts, one page per site', async () => {
      const a = await add({ orgCode: '150102', kind: 'checkpoint', name: '海报卡口' });
      const b = await add({ orgCode: '150102001001', kind: 'community', name: '海报小区' });
      const svg = await as(app, officer).get(`/api/v1/sites/${a.code}/qr.svg`);
      expect([svg.statusCode, svg.headers['content-type']]).toEqual([200, 'image/svg+xml']);
      expect(svg.body).toMatch(/<svg[^>]*viewBox/);
      const png = await as(app, officer).get(`/api/v1/sites/${a.code}/qr.png`);
      expect(png.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      const one = await as(app, officer).get(`/api/v1/sites/${a.code}/poster.pdf`);
      expect(one.headers['content-type']).toBe('application/pdf');
      const pdf = one.rawPayload.toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf).toMatch(/\/FontFile2/);
      expect(pdf).toMatch(/NotoSansSC-Regular/);
      expect(pdf).toMatch(/NotoSansMongolian/);
      const many = await as(app, admin).post('/api/v1/sites/posters', { codes: [a.code, b.code] });
      expect(many.statusCode).toBe(200);
      expect(many.rawPayload.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2);
      const missing = await as(app, admin).post('/api/v1/sites/posters', { codes: [a.code, 'ZZZZZZ'] });
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'site.not_found']);
    });
  });
}
