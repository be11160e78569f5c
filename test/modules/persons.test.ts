// The person master index as people use it: built from check-ins (one person per document, whatever the site),
// searched, read masked on one page, revealed with a purpose, reported in full for a subject's access request,
// always in the reader's scope; and the watch-list hit of a listed person's new check-in.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { inTransaction } from '../../src/core/context.ts';
import { newId } from '../../src/core/ids.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { CHECKIN_CURSOR_KEY, indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { keyRecord, resolvePersons } from '../../src/modules/people/service.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

type Person = ReturnType<typeof syntheticPerson>;
const tokenOf = (url: string) => decodeURIComponent(url.split('/r/')[1]);

for (const dialect of DIALECTS) {
  describe(`the person master index on ${dialect}`, () => {
    // A day apart per dialect: ids are monotonic in this process, so the second run's clock must start after the
    // first run's ids (the background pass reads ids older than its clock).
    const clock = new ManualClock(Date.UTC(2026, 10, 28 + DIALECTS.indexOf(dialect), 0, 10, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session; // county A1
    let analystB: Session; // county B1
    let commander: Session; // county A1: reads, may not reveal
    let officer: Session; // county A1
    const sites: Record<'a1' | 'a2' | 'b', { code: string; token: string }> = {} as never;
    const wang: Person = syntheticPerson('王小明');

    const db = () => rt.database.db;
    const bidx = (p: Person) => rt.ctx.blindIndex.of('id_number', p.idNumber);
    const audit = (action: string) => db().selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('seq').execute();
    const register = async (site: { token: string }, person: Person, session: Session | null = null, extra: object = {}) => {
      clock.advance(60_000);
      const res = await as(app, session).post('/api/v1/checkins', { token: site.token, key: idemKey(), direction: 'in', person, origin: '150102', destination: '150102', ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; flags: string[] };
    };
    const personOf = async (p: Person) => (await db().selectFrom('persons').selectAll().where('idBidx', '=', bidx(p)).execute());

    /** A list entry as an import writes it: the row's person resolved in the index, the values sealed. */
    async function addEntry(listId: string, p: Person, listedAt: number) {
      const list = await db().selectFrom('lists').selectAll().where('id', '=', listId).executeTakeFirstOrThrow();
      const keyed = keyRecord(rt.ctx, { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone });
      const { personIds } = await inTransaction(rt.ctx, (tx) => resolvePersons(tx, [keyed], 'import'));
      const id = newId(clock.now());
      await db().insertInto('listEntries').values({
        id, listId, personId: personIds[0], orgPath: list.orgPath, rowKey: id, piiEnc: rt.ctx.cipher.encrypt('list_entry.pii', JSON.stringify({ name: p.name, idNumber: p.idNumber, phone: p.phone })),
        idBidx: keyed.idBidx, phoneBidx: keyed.phoneBidx, origin: '420100', listedAt, note: null, source: 'import', importId: 'IMPORT1', rowNo: 2, createdAt: clock.now(), endedAt: null,
      }).execute();
      return { entryId: id, personId: personIds[0] };
    }

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150202']);
      await seedUser(rt.ctx, 'commander-a', 'commander', ['150102']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      for (const [key, org] of [['a1', '150102'], ['a2', '150102001'], ['b', '150202']] as const) {
        const site = await createSite(rt.ctx, operator, { orgCode: org, kind: 'checkpoint', name: `卡口 ${org}` });
        sites[key] = { code: site.code, token: tokenOf(site.url) };
      }
      app = await buildTestApp(rt);
      [analyst, analystB, commander, officer] = await Promise.all(['analyst-a', 'analyst-b', 'commander-a', 'officer-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('makes one person per ID document from check-ins of several sites, and a second pass changes nothing', async () => {
      await register(sites.a1, wang);
      await register(sites.a2, wang); // the same document at another site
      await register(sites.b, wang); // and in another county
      const li = syntheticPerson('李四');
      await register(sites.a1, li, officer); // registered by an officer for someone without a phone
      await indexCheckins(rt.ctx);
      expect(await personOf(wang)).toHaveLength(1);
      expect((await personOf(wang))[0]).toMatchObject({ source: 'checkin', idType: 'resident_id', mergedInto: null });
      expect((await personOf(li))[0].source).toBe('officer');
      const cursor = await db().selectFrom('meta').select('value').where('key', '=', CHECKIN_CURSOR_KEY).executeTakeFirstOrThrow();
      expect(cursor.value).toBe((await db().selectFrom('checkins').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);

      const before = await db().selectFrom('persons').select('id').orderBy('id').execute();
      expect(await indexCheckins(rt.ctx)).toMatchObject({ read: 0, created: 0 });
      // Two passes at once (two instances) from the start: still one person per document.
      await db().deleteFrom('meta').where('key', '=', CHECKIN_CURSOR_KEY).execute();
      await Promise.all([indexCheckins(rt.ctx, { batch: 2 }), indexCheckins(rt.ctx, { batch: 3 })]);
      expect(await db().selectFrom('persons').select('id').orderBy('id').execute()).toEqual(before);
    });

    it('runs in the background of the server once check-ins have settled', async () => {
      const zhao = syntheticPerson('赵六');
      await register(sites.a1, zhao);
      clock.advance(10_000); // past the settling time of the background pass
      const deadline = Date.now() + 10_000;
      while (!(await personOf(zhao)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await personOf(zhao)).toHaveLength(1);
    });

    it("shows a person's check-ins, lists and decisions on one page, masked, and audits the view", async () => {
      const [person] = await personOf(wang);
      const highRisk = await createList(rt.ctx, operator, { name: '高危人员 11月', kind: 'high_risk', orgCode: '150102', watch: false });
      const confirmed = await createList(rt.ctx, operator, { name: '确诊病例', kind: 'confirmed', orgCode: '150102', watch: false });
      const onset = Date.UTC(2026, 10, 20);
      expect((await addEntry(highRisk.id, wang, onset)).personId).toBe(person.id);
      await addEntry(confirmed.id, wang, onset + 86_400_000);
      const latest = (await db().selectFrom('checkins').select('id').where('idBidx', '=', bidx(wang)).where('siteId', '!=', (await db().selectFrom('sites').select('id').where('code', '=', sites.b.code).executeTakeFirstOrThrow()).id).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
      expect((await as(app, officer).post(`/api/v1/checkins/${latest}/decisions`, { decision: 'hold', note: '复测体温' })).statusCode).toBe(201);

      const res = await as(app, analyst).get(`/api/v1/persons/${person.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json();
      expect(view.profile).toMatchObject({ name: '王**', idNumber: expect.stringMatching(/^150\*+\w{4}$/), birthYear: 1990, idType: 'resident_id', sources: ['checkin'] });
      // The two check-ins of county A, newest first; county B's is outside the analyst's scope.
      expect(view.checkins.map((c: { site: { code: string } }) => c.site.code)).toEqual([sites.a2.code, sites.a1.code]);
      expect(view.checkins[0]).toMatchObject({ id: latest, kind: 'checkpoint', direction: 'in', flags: [], decision: { decision: 'hold', by: 'officer-a' } });
      expect(view.decisions).toMatchObject([{ checkinId: latest, decision: 'hold', note: '复测体温', siteCode: sites.a2.code }]);
      expect(view.memberships.map((m: { listName: string; kind: string; category: boolean }) => [m.listName, m.kind, m.category])).toEqual([
        ['确诊病例', 'confirmed', true],
        ['高危人员 11月', 'high_risk', false],
      ]);
      expect(view.memberships[1]).toMatchObject({ listedAt: new Date(onset).toISOString(), source: 'import', importId: 'IMPORT1', origin: '420100', endedAt: null });
      expect(view.contacts).toEqual([]);
      expect(res.body).not.toContain(wang.idNumber);
      expect(res.body).not.toContain(wang.phone);
      expect(res.body).not.toContain('王小明');
      expect((await audit('person.view')).at(-1)).toMatchObject({ targetType: 'person', targetId: person.id, actorName: 'analyst-a', detail: null });
      // commanders read people too
      expect((await as(app, commander).get(`/api/v1/persons/${person.id}`)).statusCode).toBe(200);
      expect((await as(app, officer).get(`/api/v1/persons/${person.id}`)).statusCode).toBe(403);
    });

    it('shows merged records on the page of the record kept, whichever id is asked', async () => {
      const [person] = await personOf(wang);
      const other = syntheticPerson('王晓明');
      const loose = await inTransaction(rt.ctx, (tx) => resolvePersons(tx, [keyRecord(rt.ctx, { name: other.name, idType: null, idNumber: null, phone: other.phone })], 'import'));
      await db().updateTable('persons').set({ mergedInto: person.id }).where('id', '=', loose.personIds[0]).execute();
      const view = (await as(app, analyst).get(`/api/v1/persons/${loose.personIds[0]}`)).json();
      expect(view.id).toBe(person.id);
      expect(view.merged).toMatchObject([{ id: loose.personIds[0], name: '王**', source: 'import' }]);
      expect(view.profile.sources.sort()).toEqual(['checkin', 'import']);
    });

    it('finds a person by ID number or phone with a purpose, masked, and audits the look-up without the value', async () => {
      const [person] = await personOf(wang);
      const byId = await as(app, analyst).post('/api/v1/persons/search', { idNumber: wang.idNumber.toLowerCase(), purpose: '核查来源' });
      expect(byId.statusCode, byId.body).toBe(200);
      expect(byId.json().items).toMatchObject([{ id: person.id, name: '王**', gender: expect.any(String), lastSeenAt: expect.any(String) }]);
      expect(byId.body).not.toContain(wang.idNumber);
      const byPhone = await as(app, commander).post('/api/v1/persons/search', { phone: wang.phone, purpose: '核查来源' });
      expect(byPhone.json().items.map((p: { id: string }) => p.id)).toEqual([person.id]);
      const entry = (await audit('lookup')).at(-1)!;
      expect(entry).toMatchObject({ targetType: 'person', targetId: person.id, purpose: '核查来源' });
      expect(JSON.stringify(entry)).not.toContain(wang.phone);
      expect(JSON.parse(entry.detail!)).toMatchObject({ by: 'phone', found: 1 });

      expect((await as(app, analyst).post('/api/v1/persons/search', { idNumber: wang.idNumber, purpose: 'x' })).json().error.code).toBe('reveal.purpose_required');
      expect((await as(app, analyst).post('/api/v1/persons/search', { purpose: '核查来源' })).json().error.code).toBe('person.search_key_required');
      expect((await as(app, analyst).post('/api/v1/persons/search', { phone: '12345', purpose: '核查来源' })).statusCode).toBe(400);
      expect((await as(app, officer).post('/api/v1/persons/search', { idNumber: wang.idNumber, purpose: '核查来源' })).statusCode).toBe(403);
    });

    it('reveals the profile only with a purpose, to analysts and administrators, and audits it', async () => {
      const [person] = await personOf(wang);
      const url = `/api/v1/persons/${person.id}/reveal`;
      expect((await as(app, analyst).post(url, { purpose: 'ab' })).json().error.code).toBe('reveal.purpose_required');
      expect((await as(app, analyst).post(url, {})).statusCode).toBe(400);
      expect((await as(app, commander).post(url, { purpose: '联系本人核实' })).statusCode).toBe(403);
      const before = (await audit('reveal')).length;
      const res = await as(app, analyst).post(url, { purpose: '联系本人核实' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: person.id, name: '王小明', idNumber: wang.idNumber, phone: wang.phone, birthDate: '1990-01-01' });
      const reveals = await audit('reveal');
      expect(reveals).toHaveLength(before + 1);
      expect(reveals.at(-1)).toMatchObject({ targetType: 'person', targetId: person.id, purpose: '联系本人核实', actorName: 'analyst-a' });
      expect(JSON.stringify(reveals.at(-1))).not.toContain(wang.idNumber);
    });

    it("keeps a person nobody in another county's scope knows out of that county's reach", async () => {
      const only = syntheticPerson('孙八');
      await register(sites.a1, only);
      await indexCheckins(rt.ctx);
      const [person] = await personOf(only);
      expect((await as(app, analystB).get(`/api/v1/persons/${person.id}`)).statusCode).toBe(404);
      expect((await as(app, analystB).post(`/api/v1/persons/${person.id}/reveal`, { purpose: '联系本人核实' })).statusCode).toBe(404);
      expect((await as(app, analystB).post('/api/v1/persons/search', { idNumber: only.idNumber, purpose: '核查来源' })).json().items).toEqual([]);
      expect((await as(app, analystB).post('/api/v1/persons/report', { idNumber: only.idNumber, purpose: '本人申请查询' })).statusCode).toBe(404);
      // Wang is known in B through one check-in: B sees that one only, and none of A's lists.
      const [w] = await personOf(wang);
      const view = (await as(app, analystB).get(`/api/v1/persons/${w.id}`)).json();
      expect(view.checkins.map((c: { site: { code: string } }) => c.site.code)).toEqual([sites.b.code]);
      expect(view.memberships).toEqual([]);
      expect(view.decisions).toEqual([]);
      expect((await as(app, analyst).get('/api/v1/persons/NO-SUCH-PERSON')).statusCode).toBe(404);
    });

    it("reports everything held about one person in clear for a subject's access request, audited", async () => {
      const [person] = await personOf(wang);
      expect((await as(app, commander).post('/api/v1/persons/report', { idNumber: wang.idNumber, purpose: '本人申请查询' })).statusCode).toBe(403);
      const res = await as(app, analyst).post('/api/v1/persons/report', { idNumber: wang.idNumber, purpose: '本人申请查询' });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report.idNumber).toBe(wang.idNumber);
      expect(report.persons[0]).toMatchObject({ id: person.id, name: '王小明', idNumber: wang.idNumber, phone: wang.phone });
      expect(report.persons).toHaveLength(2); // with the merged record
      expect(report.checkins).toHaveLength(2); // county A's
      expect(report.checkins[0]).toMatchObject({ name: '王小明', idNumber: wang.idNumber, phone: wang.phone, site: { code: sites.a2.code } });
      expect(report.listEntries.map((e: { list: string }) => e.list).sort()).toEqual(['确诊病例', '高危人员 11月']);
      expect(report.listEntries[0].values).toMatchObject({ name: '王小明', idNumber: wang.idNumber });
      expect(report.decisions).toMatchObject([{ decision: 'hold', by: 'officer-a' }]);
      // who viewed and revealed them, and why
      const actions = report.audit.map((a: { action: string; targetType: string }) => `${a.action}:${a.targetType}`);
      expect(actions).toEqual(expect.arrayContaining(['person.view:person', 'reveal:person', 'lookup:person', 'decision.record:checkin']));
      expect(report.audit.find((a: { action: string }) => a.action === 'reveal')).toMatchObject({ actor: 'analyst-a', purpose: '联系本人核实' });
      const entry = (await audit('person.report')).at(-1)!;
      expect(entry).toMatchObject({ targetType: 'person', targetId: person.id, purpose: '本人申请查询', actorName: 'analyst-a' });
      expect(JSON.stringify(entry)).not.toContain(wang.idNumber);
      expect((await as(app, analyst).post('/api/v1/persons/report', { idNumber: syntheticPerson().idNumber, purpose: '本人申请查询' })).statusCode).toBe(404);
      // From the person page: the same report by the person's id (the console has no clear ID number)
      const byId = (await as(app, analyst).post('/api/v1/persons/report', { personId: person.id, purpose: '本人申请查询' })).json();
      expect(byId).toMatchObject({ idNumber: wang.idNumber, persons: report.persons, checkins: report.checkins, listEntries: report.listEntries });
      const bad = await as(app, analyst).post('/api/v1/persons/report', { purpose: '本人申请查询' });
      expect(bad.statusCode).toBe(400);
    });

    it('flags the check-in of a person on a watched list at once and records the hit', async () => {
      const watched = await createList(rt.ctx, operator, { name: '重点关注', kind: 'close_contact', orgCode: '150102', watch: true });
      const zhou = syntheticPerson('周九');
      const listedAt = clock.now();
      const { personId, entryId } = await addEntry(watched.id, zhou, listedAt);
      const ack = await register(sites.a1, zhou);
      expect(ack.flags).toContain('watch_list');
      const hit = await db().selectFrom('watchHits').selectAll().where('checkinId', '=', ack.id).executeTakeFirstOrThrow();
      expect(hit).toMatchObject({ listId: watched.id, entryId, personId, found: 'checkin' });
      // someone on no watched list is not flagged, also when both arrive at once (their look-ups share a query)
      const [again, other] = await Promise.all([register(sites.a1, zhou), register(sites.a1, syntheticPerson('吴十'))]);
      expect(again.flags).toContain('watch_list');
      expect(other.flags).not.toContain('watch_list');
      const view = (await as(app, analyst).get(`/api/v1/persons/${personId}`)).json();
      expect(view.watchHits.map((h: { checkinId: string }) => h.checkinId).sort()).toEqual([ack.id, again.id].sort());
      expect(view.watchHits.filter((h: { checkinId: string }) => h.checkinId === ack.id)).toMatchObject([{ checkinId: ack.id, listName: '重点关注', kind: 'close_contact', found: 'checkin', site: { code: sites.a1.code } }]);
      expect(view.checkins[0].flags).toContain('watch_list');
      // the officer scanning the pass sees which kind of watched list the person is on, and since when
      const { pass } = ack as unknown as { pass: string };
      const scan = (await as(app, officer).post('/api/v1/passes/scan', { token: pass })).json();
      expect(scan.lists).toEqual([{ list: 'close_contact', category: null, since: new Date(listedAt).toISOString() }]);
    });
  });
}
