import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckinEvent } from '../../src/core/events.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticId, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const tokenOf = (url: string) => url.split('/r/')[1];

for (const dialect of DIALECTS) {
  describe(`check-in ingest on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let admin: Session;
    const tokens: Record<string, string> = {};
    const events: CheckinEvent[] = [];

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'region-admin', 'admin', ['150000']);
      await seedUser(rt.ctx, 'admin-b', 'admin', ['150202']);
      for (const [kind, org] of [['checkpoint', '150102'], ['community', '150102001001'], ['floating', '150102'], ['checkpoint', '150202']] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: org, kind, name: `${kind} ${org}` });
        tokens[`${kind}-${org}`] = tokenOf(site.url);
      }
      app = await buildTestApp(rt);
      rt.ctx.events.on('checkin', (e) => events.push(e));
      admin = await login(app, 'region-admin');
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
    });

    const post = (payload: object, lang = 'en') => app.inject({ method: 'POST', url: '/api/v1/checkins', payload, headers: { 'accept-language': lang } });
    const countRows = async () => Number((await rt.database.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const checkpoint = (extra: object = {}) => ({
      token: tokens['checkpoint-150102'],
      key: idemKey(),
      direction: 'in',
      person: syntheticPerson('张三'),
      origin: '150102',
      destination: '110101',
      ...extra,
    });

    it('stores a checkpoint check-in encrypted, answers with id, pass and no flags, and emits an event', async () => {
      const body = checkpoint({ vehicle: { plate: '蒙A12345', role: 'driver' }, temperature: 36.5, purpose: 'commute' });
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(201);
      const ack = res.json();
      expect(ack.flags).toEqual([]);
      expect(ack.pass).toMatch(/^[\w-]+\.[\w-]+$/);
      expect(ack.pass).not.toContain(body.person.idNumber);
      const row = await rt.database.db.selectFrom('checkins').selectAll().where('id', '=', ack.id).executeTakeFirstOrThrow();
      const raw = JSON.stringify(row);
      for (const secret of ['张三', body.person.idNumber, body.person.phone, '蒙A12345']) expect(raw).not.toContain(secret);
      expect(row.idBidx).toBe(rt.ctx.blindIndex.of('id_number', body.person.idNumber));
      expect(row.plateBidx).toBe(rt.ctx.blindIndex.of('plate', '蒙A12345'));
      expect(row.plateType).toBe('ordinary');
      expect(events.at(-1)).toMatchObject({ id: ack.id, kind: 'checkpoint', flags: [] });
    });

    it('stores a repeated idempotency key once, also when the copies arrive together', async () => {
      const body = checkpoint();
      const first = (await post(body)).json();
      const again = await post(body);
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(first.id);
      const racing = checkpoint();
      const acks = await Promise.all(Array.from({ length: 6 }, () => post(racing)));
      expect(new Set(acks.map((r) => r.json().id)).size).toBe(1);
      const keys = await rt.database.db.selectFrom('checkinKeys').select('checkinId').where('idemKey', 'in', [body.key, racing.key]).execute();
      expect(keys).toHaveLength(2);
      const rows = await rt.database.db.selectFrom('checkins').select('id').where('groupId', 'in', keys.map((k) => k.checkinId)).execute();
      expect(rows).toHaveLength(2);
    });

    it('commits many concurrent check-ins together, every one acknowledged and stored', async () => {
      const before = await countRows();
      const acks = await Promise.all(Array.from({ length: 60 }, () => post(checkpoint())));
      expect(acks.every((r) => r.statusCode === 201)).toBe(true);
      expect(await countRows()).toBe(before + 60);
    });

    it('registers companions with the submitter in one group', async () => {
      const res = await post(
        checkpoint({
          companions: [
            { name: '张小明', relation: 'child', idType: 'resident_id', idNumber: syntheticId('20150601') },
            { name: '张老汉', relation: 'elder' },
          ],
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const group = await rt.database.db.selectFrom('checkins').select(['role', 'relation', 'groupId']).where('groupId', '=', res.json().id).orderBy('id').execute();
      expect(group.map((g) => g.role)).toEqual(['self', 'companion', 'companion']);
    });

    it('takes the fields of a community and a floating registration', async () => {
      const resident = await post({ token: tokens['community-150102001001'], key: idemKey(), direction: 'out', person: { name: '李四', phone: '13912345678' }, community: { role: 'resident' }, address: { building: '3', unit: '2', room: '501' } });
      expect(resident.statusCode, resident.body).toBe(201);
      const visitor = await post({ token: tokens['community-150102001001'], key: idemKey(), direction: 'in', person: { name: '王五', phone: '13912345679' }, community: { role: 'visitor', visiting: '3-2-501' } });
      expect(visitor.statusCode, visitor.body).toBe(201);
      const floating = await post({
        token: tokens['floating-150102'],
        key: idemKey(),
        person: syntheticPerson('赵六'),
        origin: '420106',
        address: { building: '8', room: '1203' },
        floating: { arrivalDate: '2026-11-27', host: '房东', hostKind: 'landlord', stayDays: 30 },
      });
      expect(floating.statusCode, floating.body).toBe(201);
    });

    it('flags fever, symptoms and risk areas on arrival', async () => {
      expect((await post(checkpoint({ temperature: 37.6 }))).json().flags).toEqual(['fever']);
      expect((await post(checkpoint({ symptoms: ['cough'] }))).json().flags).toEqual(['symptoms']);
      const area = await as(app, admin).post('/api/v1/risk-areas', { code: '420100', level: 'high', validFrom: '2026-01-01T00:00:00Z' });
      expect(area.statusCode, area.body).toBe(201);
      const res = await post(checkpoint({ places14d: ['420106'] }));
      expect(res.json().flags).toEqual(['risk_area']);
      expect(events.at(-1)!.flags).toEqual(['risk_area']);
      expect((await as(app, await login(app, 'admin-b')).post('/api/v1/risk-areas', { code: '420100', level: 'low', validFrom: '2026-01-01T00:00:00Z' })).statusCode).toBe(403);
    });

    it('refuses bad input naming the field, in the caller language, and stores nothing', async () => {
      const before = await countRows();
      const cases: [object, string, string][] = [
        [checkpoint({ person: { ...syntheticPerson(), idNumber: '150102199001011234' } }), 'person.idNumber', 'validation.id.checksum'],
        [checkpoint({ person: { ...syntheticPerson(), phone: '12345' } }), 'person.phone', 'validation.phone.format'],
        [checkpoint({ origin: '999999' }), 'origin', 'validation.division.unknown'],
        [checkpoint({ destination: undefined }), 'destination', 'validation.required'],
        [checkpoint({ vehicle: { plate: '蒙I1234', role: 'driver' } }), 'vehicle.plate', 'validation.plate.format'],
        [checkpoint({ temperature: 'hot' }), 'temperature', 'validation.type'],
        [checkpoint({ extra: 1 }), 'extra', 'validation.unknown_field'],
        [{ ...checkpoint(), token: tokens['community-150102001001'], community: { role: 'resident' } }, 'address', 'validation.required'],
      ];
      for (const [body, field, code] of cases) {
        const res = await post(body);
        expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
        expect(res.json().error).toMatchObject({ code, field });
      }
      const zh = await post(checkpoint({ person: { ...syntheticPerson(), idNumber: '150102199001011234' } }), 'zh');
      expect(zh.json().error.message).toMatch(/校验/);
      expect(await countRows()).toBe(before);
    });

    it('refuses forged and altered site tokens', async () => {
      const before = await countRows();
      const t = tokens['checkpoint-150102'];
      const altered = t.slice(0, 5) + (t[5] === 'A' ? 'B' : 'A') + t.slice(6);
      for (const token of ['not-a-token-at-all', altered, `${t.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`]) {
        const res = await post(checkpoint({ token }));
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('site.token_invalid');
      }
      expect(await countRows()).toBe(before);
    });

    it('lists check-ins masked and in scope; reveal needs a purpose and is audited', async () => {
      const body = checkpoint();
      const id = (await post(body)).json().id;
      await post({ ...checkpoint(), token: tokens['checkpoint-150202'] });
      const list = (await as(app, admin).get('/api/v1/checkins?limit=200')).json();
      const mine = list.items.find((c: { id: string }) => c.id === id);
      expect(mine).toMatchObject({ name: '张*', kind: 'checkpoint' });
      expect(mine.idNumber).toMatch(/^150\*+\w{4}$/);
      const b = await login(app, 'admin-b');
      const bList = (await as(app, b).get('/api/v1/checkins?limit=200')).json().items;
      expect(bList.length).toBeGreaterThan(0);
      expect(bList.every((c: { site: { name: string } }) => c.site.name.endsWith('150202'))).toBe(true);
      expect((await as(app, b).post(`/api/v1/checkins/${id}/reveal`, { purpose: 'curious' })).statusCode).toBe(404);
      expect((await as(app, admin).post(`/api/v1/checkins/${id}/reveal`, { purpose: 'x' })).statusCode).toBe(400);
      const clear = (await as(app, admin).post(`/api/v1/checkins/${id}/reveal`, { purpose: 'call back about fever' })).json();
      expect(clear).toMatchObject({ name: '张三', idNumber: body.person.idNumber, phone: body.person.phone });
      const audit = (await as(app, admin).get('/api/v1/audit?action=reveal')).json().items;
      expect(audit[0]).toMatchObject({ targetType: 'checkin', targetId: id, purpose: 'call back about fever' });
      const flagged = (await as(app, admin).get('/api/v1/checkins?flagged=true&limit=200')).json().items;
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged.every((c: { flags: string[] }) => c.flags.length > 0)).toBe(true);
    });
  });
}
