// Floating registrations attach to the address they give, on both engines: the address is found or added in the
// grid of the desk (residence, source floating), the registrant and companions with a document become 'floating'
// members from their day of arrival; a registration again, a registration with no street line and other kinds of
// check-in add nothing; an address already imported is the same address; a second pass finds nothing to do.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { dayStartMs } from '../../src/core/local-day.ts';
import { ensureAddress, openAddress } from '../../src/modules/grid/addresses.ts';
import { attachFloating, FLOATING_CURSOR_KEY } from '../../src/modules/grid/floating-households.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const tokenOf = (url: string) => decodeURIComponent(url.split('/r/')[1]);

for (const dialect of DIALECTS) {
  describe(`floating households on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};
    const db = () => rt.database.db;

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock: new ManualClock(Date.UTC(2026, 10, 28, 2, 0, 0)) });
      await seedOrgTree(rt.ctx);
      for (const [kind, org] of [['floating', '150103'], ['checkpoint', '150102']] as const) {
        tokens[kind] = tokenOf((await createSite(rt.ctx, operator, { orgCode: org, kind, name: `${kind} ${org}` })).url);
      }
      app = await buildTestApp(rt);
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    const register = async (payload: object) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { key: idemKey(), ...payload } });
      expect(res.statusCode, res.body).toBe(201);
    };
    const floating = (person: object, address: object, extra: object = {}) => ({
      token: tokens.floating, person, origin: '420106', address, floating: { arrivalDate: '2026-11-20', hostKind: 'landlord', stayDays: 30 }, ...extra,
    });
    const personOf = async (idNumber: string) => {
      const rows = await db().selectFrom('persons').select(['id', 'idBidx']).execute();
      return rows.find((p) => p.idBidx === rt.ctx.blindIndex.of('id_number', idNumber))?.id;
    };

    it('adds the address in the desk\'s grid and its registrants as floating members, once', async () => {
      const a = syntheticPerson('赵六');
      const b = syntheticPerson('钱七');
      const child = { ...syntheticPerson('钱小七'), relation: 'child' };
      const imported = await ensureAddress(rt.ctx, { orgUnitId: (await db().selectFrom('orgUnits').select('id').where('code', '=', '150102001001').executeTakeFirstOrThrow()).id, kind: 'residence', parts: { line: '幸福路9号' }, source: 'import' });
      await register(floating(a, { line: '新华大街5号', building: '2', room: '301' }));
      await register(floating(a, { line: '新华大街5号', building: '2', room: '301' })); // again: nothing new
      await register(floating(b, { line: '新华大街5号', building: '2', room: '301' }, { companions: [child, { name: '无证件', relation: 'other' }] }));
      await register(floating(a, { line: '幸福路9号' })); // an address the household list already has
      await register(floating(syntheticPerson('孙八'), { building: '8', room: '1203' })); // no street line
      await register({ token: tokens.checkpoint, direction: 'in', person: syntheticPerson('周九'), origin: '420106', destination: '150102' });

      const r = await attachFloating(rt.ctx, { batch: 2 });
      expect(r).toMatchObject({ read: 8, attached: 4, addressesCreated: 1 });
      expect((await db().selectFrom('meta').select('value').where('key', '=', FLOATING_CURSOR_KEY).executeTakeFirst())?.value).toBe(r.cursor);

      const addresses = await db().selectFrom('addresses').innerJoin('orgUnits', 'orgUnits.id', 'addresses.orgUnitId').select(['addresses.id', 'lineEnc', 'source', 'kind', 'orgUnits.code']).execute();
      expect(addresses).toHaveLength(2);
      const stay = addresses.find((x) => x.id !== imported.id)!;
      expect(stay).toMatchObject({ source: 'floating', kind: 'residence', code: '150103' });
      expect(openAddress(rt.ctx, stay)).toEqual({ line: '新华大街5号', building: '2', room: '301' });
      const members = await db().selectFrom('householdMembers').selectAll().execute();
      expect(members.every((m) => m.relation === 'floating' && m.source === 'floating')).toBe(true);
      const [pa, pb, pc] = [await personOf(a.idNumber), await personOf(b.idNumber), await personOf(child.idNumber)];
      expect(members.filter((m) => m.addressId === stay.id).map((m) => m.personId).sort()).toEqual([pa, pb, pc].sort());
      expect(members.filter((m) => m.addressId === imported.id).map((m) => m.personId)).toEqual([pa]);
      expect(Number(members[0].sinceAt)).toBe(dayStartMs('2026-11-20'));

      const again = await attachFloating(rt.ctx);
      expect(again).toMatchObject({ read: 0, attached: 0, addressesCreated: 0, cursor: r.cursor });
      await register(floating(a, { line: '新华大街5号', building: '2', room: '301' }));
      expect(await attachFloating(rt.ctx)).toMatchObject({ read: 1, attached: 0, addressesCreated: 0 });
    });
  });
}
