// Contact tracing through the API on both engines (issue 7), checked against the spec's semantics on a generated
// scenario (test/helpers/trace-scenario.ts): every planted exposure is found with its evidence and nothing outside the
// windows or tolerances is; second-degree contacts reached by two paths appear once with the evidence of both;
// contacts living outside the tracer's scope are routed to their unit, listed and tasked there, and not shown.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { addDays, dayStartMs } from '../../src/core/local-day.ts';
import type { Contact, Evidence, TraceView } from '../../src/modules/tracing/types.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';
import { buildTraceScenario, HOUR, UNIT_NAMES, type ExpectedEvidence, type Planted, type TraceScenario } from '../helpers/trace-scenario.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const PURPOSE = '确诊病例流行病学调查';
/** what repeats of a kind add up to, at most (spec7.md, score) */
const REPEAT_CAP = { community_presence: 0.5, checkpoint_passage: 0.3, community_building: 0.45 } as const;

for (const dialect of DIALECTS) {
  describe(`contact tracing on ${dialect}`, () => {
    // Forty days apart per dialect: ids are time-ordered in this process, so the second run's clock starts after the first's.
    const base = addDays('2026-12-01', 40 * DIALECTS.indexOf(dialect));
    const seed = Number(process.env.TRACE_SEED ?? 20261207) + DIALECTS.indexOf(dialect);
    const clock = new ManualClock(dayStartMs(base) + 7 * HOUR);
    let rt: TestRuntime;
    let app: FastifyInstance;
    let sc: TraceScenario;
    let region: Session; // analyst, whole region: sees every contact
    let analystA: Session; // analyst, county 新城区 (150102): where the cases are
    let analystA2: Session; // analyst, county 回民区 (150103): where R lives
    let analystB: Session; // analyst, county 东河区 (150202)
    let commander: Session; // county 150102
    /** label -> node; 'A' and 'B' are the cases */
    const node = new Map<string, string>();
    const personIdOf = new Map<string, string>();
    const db = () => rt.database.db;
    const unitPath = async (code: string) => (await db().selectFrom('orgUnits').select(['id', 'path']).where('code', '=', code).executeTakeFirstOrThrow());

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-r', 'analyst', ['150000']);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'analyst-a2', 'analyst', ['150103']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150202']);
      await seedUser(rt.ctx, 'commander-a', 'commander', ['150102']);
      app = await buildTestApp(rt);
      sc = await buildTraceScenario(rt, app, clock, base, seed);
      // after the clock has moved: sessions expire with it
      [region, analystA, analystA2, analystB, commander] = await Promise.all(['analyst-r', 'analyst-a', 'analyst-a2', 'analyst-b', 'commander-a'].map((u) => login(app, u)));

      const byDoc = async (idNumber: string) => {
        const row = await db().selectFrom('persons').select(['id', 'mergedInto']).where('idBidx', '=', rt.ctx.blindIndex.of('id_number', idNumber)).executeTakeFirstOrThrow();
        return row.mergedInto ?? row.id;
      };
      const everyone: [string, { idNumber?: string }][] = [['A', sc.cases.A], ['B', sc.cases.B], ...[...sc.contactsA, ...sc.decoysA, ...sc.firstB, ...sc.secondB, ...sc.decoysB].map((p) => [p.label, p.person] as [string, { idNumber?: string }])];
      for (const [label, p] of everyone) {
        if (!p.idNumber) continue;
        const id = await byDoc(p.idNumber);
        personIdOf.set(label, id);
        node.set(label, `p:${id}`);
      }
      const noDoc = await db().selectFrom('checkins').select('id').where('groupId', '=', sc.noDocCompanion.groupId).where('role', '=', 'companion').where('idBidx', 'is', null).executeTakeFirstOrThrow();
      node.set(sc.noDocCompanion.label, `c:${noDoc.id}`);
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    const trace = async (who: Session, body: Record<string, unknown>) => {
      const res = await as(app, who).post('/api/v1/traces', { purpose: PURPOSE, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as TraceView;
    };
    const contactOf = (view: TraceView, label: string) => view.contacts.find((c) => c.node === node.get(label));
    const labelOf = (n: string) => [...node.entries()].find(([, v]) => v === n)?.[0] ?? n;

    /** The evidence as the spec defines it, in the API's terms. */
    function expectedIso(x: ExpectedEvidence) {
      const sites: (string | null)[] = x.site === null ? [null] : (Array.isArray(x.site) ? x.site : [x.site]).map((k) => sc.sites[k].code);
      return {
        how: x.how, from: node.get(x.from), site: sites,
        times: x.times && { source: x.times.source.map(iso), contact: x.times.contact.map(iso) },
        starts: x.starts && { source: iso(x.starts.source), contact: iso(x.starts.contact) },
        minutes: x.minutes, weight: x.weight,
      };
    }
    function matches(e: Evidence, x: ReturnType<typeof expectedIso>): boolean {
      if (e.how !== x.how || e.from !== x.from || !x.site.includes(e.site)) return false;
      if (x.times && (e.times.source.join() !== x.times.source.join() || e.times.contact.join() !== x.times.contact.join())) return false;
      if (x.starts && (e.times.source[0] !== x.starts.source || e.times.contact[0] !== x.starts.contact)) return false;
      if (x.minutes !== null && Math.abs(e.minutes - x.minutes) > 1e-6) return false;
      return Math.abs(e.weight - x.weight) < 1e-3;
    }
    /** Every expected item is there once, and nothing else is. */
    function expectEvidence(c: Contact, p: Planted) {
      const want = p.evidence.map(expectedIso);
      for (const x of want) {
        const found = c.evidence.filter((e) => matches(e, x));
        expect.soft(found.length, `${p.label}: expected once ${JSON.stringify(x)}\n  got ${JSON.stringify(c.evidence)}`).toBe(1);
      }
      expect.soft(c.evidence.length, `${p.label}: evidence ${JSON.stringify(c.evidence)}`).toBe(want.length);
    }

    /**
     * The score of the spec (updated 09:50): per source, repeats of a kind add up to its cap (presence 0.5, passage 0.3,
     * building 0.45; other kinds count once, their strongest), kinds combine as 1 - prod(1 - w); through a contact
     * times its score; the strongest source counts.
     */
    function expectedScore(p: Planted, sourceScore: (label: string) => number = () => 100): number {
      const bySource = new Map<string, Map<string, number[]>>();
      for (const e of p.evidence) {
        const kinds = bySource.get(e.from) ?? new Map<string, number[]>();
        kinds.set(e.how, [...(kinds.get(e.how) ?? []), e.weight]);
        bySource.set(e.from, kinds);
      }
      let best = 0;
      for (const [from, kinds] of bySource) {
        let miss = 1;
        for (const [how, ws] of kinds) miss *= 1 - (how in REPEAT_CAP ? Math.min(REPEAT_CAP[how as keyof typeof REPEAT_CAP], ws.reduce((a, b) => a + b, 0)) : Math.max(...ws));
        best = Math.max(best, (1 - miss) * (from === 'A' || from === 'B' ? 1 : sourceScore(from) / 100));
      }
      return Math.round(best * 1000 + 1e-9) / 10; // half up, as 26.25 is meant, whatever the float says
    }
    const expectScore = (c: Contact, want: number, label: string) => expect.soft(Math.abs(c.score - want), `${label}: score ${c.score}, expected ${want} from ${JSON.stringify(c.evidence.map((e) => [e.how, e.from, e.minutes, e.weight]))}`).toBeLessThanOrEqual(0.051);

    it('finds every planted exposure of every kind with its evidence, and nothing outside the windows or tolerances', async () => {
      const view = await trace(region, { personId: personIdOf.get('A'), depth: 1 });
      expect(view.case).toMatchObject({ node: node.get('A'), personId: personIdOf.get('A'), category: 'confirmed' });
      expect(view.window).toEqual({ from: iso(sc.window.from), to: iso(sc.window.to) });
      expect(view).toMatchObject({ status: 'draft', depth: 1, purpose: PURPOSE });
      expect(view.params).toMatchObject({ toleranceMinutes: 30, siteTolerances: { [sc.sites.K2.code]: 10 } });

      const found = view.contacts.map((c) => labelOf(c.node)).sort();
      expect(found).toEqual(sc.contactsA.map((p) => p.label).sort());
      for (const d of sc.decoysA) expect(contactOf(view, d.label), `decoy ${d.label} (${d.decoy}) was found`).toBeUndefined();
      expect(view.contacts.some((c) => c.personId === personIdOf.get('A'))).toBe(false);
      expect(view.counts).toMatchObject({ contacts: sc.contactsA.length, byDegree: { 1: sc.contactsA.length }, routed: 0 });

      for (const p of sc.contactsA) {
        const c = contactOf(view, p.label)!;
        expect(c, p.label).toMatchObject({ degree: 1, via: [node.get('A')], routedTo: null });
        expect(c.person, p.label).not.toBeNull();
        expect(c.personId, p.label).toBe(personIdOf.get(p.label) ?? null);
        if (p.unit) expect(c.orgUnit, p.label).toEqual({ code: p.unit, name: UNIT_NAMES[p.unit] });
        expectEvidence(c, p);
        expectScore(c, expectedScore(p), p.label);
        expect(c.kinds, p.label).toEqual([...new Set(p.evidence.map((e) => e.how))]);
        expect(JSON.stringify(c.person)).not.toContain(p.person.idNumber ?? '-none-');
      }
      expect(view.contacts.some((c) => c.node === node.get('CO2') && c.personId === null)).toBe(true);
    });

    it("lets a request's tolerance widen the default but not a site's own, and a window of its own", async () => {
      const wide = await trace(region, { personId: personIdOf.get('A'), depth: 1, toleranceMinutes: 45 });
      expect(wide.params.toleranceMinutes).toBe(45);
      expect(wide.contacts.map((c) => labelOf(c.node)).sort()).toEqual([...sc.contactsA.map((p) => p.label), 'PX'].sort());
      expect(contactOf(wide, 'PX')!.evidence).toMatchObject([{ how: 'checkpoint_passage', site: sc.sites.K1.code, minutes: 31 }]);
      expect(contactOf(wide, 'PX')!.evidence[0].weight).toBeCloseTo(0.05 + 0.1 * (1 - 31 / 45), 3);
      expect(contactOf(wide, 'PSX'), 'K2 keeps its own 10 minutes').toBeUndefined();

      // days 5-6 only: the passages of those days, and the registered-address household (which spans any window)
      const [from, to] = [sc.t(5), sc.t(6, 23, 59)];
      const narrow = await trace(region, { personId: personIdOf.get('A'), depth: 1, from: iso(from), to: iso(to) });
      expect(narrow.window).toEqual({ from: iso(from), to: iso(to) });
      expect(narrow.contacts.map((c) => labelOf(c.node)).sort()).toEqual(['HA', 'PB', 'PD', 'PE', 'PS', 'ST']);
      expect(contactOf(narrow, 'HA')!.evidence).toMatchObject([{ how: 'household', site: null, times: { source: [iso(from), iso(to)], contact: [iso(from), iso(to)] } }]);
    });

    it('groups the contacts of one event (site, day, source) into a cluster', async () => {
      const view = await trace(region, { personId: personIdOf.get('A'), depth: 1 });
      const at = (label: string, d: number) => view.clusters.find((k) => k.site === sc.sites.K1.code && k.day === addDays(base, d) && k.nodes.includes(node.get(label)!));
      for (const [d, labels] of [[3, ['CO', 'CO2']], [4, ['PV', 'VE']], [5, ['PB', 'PD', 'PE']]] as const) {
        const cluster = at(labels[0], d);
        expect(cluster, `cluster at K1 on day ${d}: ${JSON.stringify(view.clusters)}`).toBeDefined();
        expect(cluster!.nodes.map(labelOf).sort()).toEqual([...labels]);
      }
      expect(view.clusters.every((k) => k.nodes.length >= 2)).toBe(true);
    });

    it('ranks single exposures as the weights say, and a contact met twice above once', async () => {
      const view = await trace(region, { personId: personIdOf.get('A'), depth: 1 });
      const score = (label: string) => contactOf(view, label)!.score;
      const chain = ['HR', 'CO', 'VE', 'FL', 'BU', 'CP1', 'PD'];
      for (let i = 1; i < chain.length; i++) expect(score(chain[i - 1]), `${chain[i - 1]} > ${chain[i]}`).toBeGreaterThan(score(chain[i]));
      expect(score('HA')).toBeGreaterThan(score('CO'));
      expect(score('CP4')).toBeGreaterThan(score('CP1')); // longer overlap
      expect(score('PB')).toBeLessThan(score('PD')); // 30 min apart is the weakest passage
      const pt = contactOf(view, 'PT')!;
      expect(pt.evidence).toHaveLength(2);
      const once = sc.contactsA.find((p) => p.label === 'PT')!.evidence.map((e) => Math.round(e.weight * 1000) / 10);
      expect(pt.score).toBeGreaterThan(Math.max(...once));
    });

    it("traces the case by ID number, through the case's merged second document, and never lists the case", async () => {
      const view = await trace(region, { idNumber: sc.cases.A.idNumber, depth: 1 });
      expect(view.case.personId).toBe(personIdOf.get('A'));
      expect(contactOf(view, 'MG')).toBeDefined(); // met the case's passport, merged into the case's record
      const passport = await db().selectFrom('persons').select('id').where('idBidx', '=', rt.ctx.blindIndex.of('id_number', sc.cases.passportA.idNumber!)).executeTakeFirstOrThrow();
      expect(view.contacts.some((c) => c.personId === passport.id || c.node === `p:${passport.id}`)).toBe(false);
    });

    it('traces second-degree contacts in their own window, once each with the evidence of every path', async () => {
      const one = await trace(region, { personId: personIdOf.get('B'), depth: 1 });
      expect(one.contacts.map((c) => labelOf(c.node)).sort()).toEqual(['S1', 'S2', 'U']);
      const two = await trace(region, { personId: personIdOf.get('B'), depth: 2 });
      expect(two.contacts.map((c) => labelOf(c.node)).sort()).toEqual(['S1', 'S2', 'T1', 'T2', 'U']);
      for (const d of sc.decoysB) expect(contactOf(two, d.label), `${d.label}: ${d.decoy}`).toBeUndefined();
      expect(two.counts).toMatchObject({ contacts: 5, byDegree: { 1: 3, 2: 2 } });

      const scoreOf = (label: string) => contactOf(two, label)!.score;
      for (const p of two.contacts.filter((c) => ['S1', 'S2'].includes(labelOf(c.node)))) expect(p).toMatchObject({ degree: 1, via: [node.get('B')] });
      for (const p of [...sc.firstB, ...sc.secondB]) {
        const c = contactOf(two, p.label)!;
        expectEvidence(c, p);
        expectScore(c, expectedScore(p, scoreOf), p.label);
      }
      expect(contactOf(two, 'S1')!.score).toBe(80);
      expect(contactOf(two, 'T1')).toMatchObject({ degree: 2, via: [node.get('S1')] });
      const t2 = contactOf(two, 'T2')!;
      expect(t2.degree).toBe(2);
      expect([...t2.via].sort()).toEqual([node.get('S1'), node.get('S2')].sort());
      expect(two.contacts.filter((c) => c.node === node.get('T2'))).toHaveLength(1);
      // U met the case and, later, S1: it keeps degree 1 and carries both (the stronger path counts)
      const u = contactOf(two, 'U')!;
      expect(u.degree).toBe(1);
      expect(u.via).toContain(node.get('B'));
      expect(contactOf(one, 'U')!.evidence).toHaveLength(1);
      expect(u.score).toBeGreaterThanOrEqual(contactOf(one, 'U')!.score);
    });

    it("routes a contact living outside the tracer's scope to that unit, lists and tasks everyone on acceptance, once", async () => {
      const view = await trace(analystA, { personId: personIdOf.get('A'), depth: 1 });
      expect(view.contacts.map((c) => labelOf(c.node)).sort()).toEqual(sc.contactsA.map((p) => p.label).sort());
      const r = contactOf(view, 'R')!;
      expect(r).toMatchObject({ person: null, evidence: [], routedTo: { code: '150103', name: '回民区' } });
      expect(JSON.stringify(r)).not.toContain(sc.contactsA.find((p) => p.label === 'R')!.person.idNumber!);
      for (const c of view.contacts.filter((x) => x !== r)) {
        expect(c.routedTo, labelOf(c.node)).toBeNull();
        expect(c.person, labelOf(c.node)).not.toBeNull();
      }
      expect(view.counts.routed).toBe(1);
      const a2 = await unitPath('150103');
      const a = await unitPath('150102');

      const res = await as(app, analystA).post(`/api/v1/traces/${view.id}/accept`, {});
      expect([200, 201], res.body).toContain(res.statusCode);
      const result = res.json();
      expect(result).toMatchObject({ routed: 1, routedTo: [{ code: '150103', name: '回民区', contacts: 1 }], alreadyListed: 0 });

      const caseId = personIdOf.get('A')!;
      const entries = await db().selectFrom('listEntries').innerJoin('lists', 'lists.id', 'listEntries.listId')
        .select(['listEntries.personId', 'listEntries.orgPath', 'listEntries.source', 'lists.kind']).where('listEntries.sourcePersonId', '=', caseId).execute();
      const tasks = await db().selectFrom('tasks').selectAll().where('kind', '=', 'contact_follow_up').execute();
      const personsAfterFirst = (await db().selectFrom('persons').select('id').execute()).length;
      expect(result.listed).toBe(entries.length);
      expect(result.tasks).toBe(tasks.length);
      for (const p of sc.contactsA.filter((x) => personIdOf.has(x.label))) {
        const mine = entries.filter((e) => e.personId === personIdOf.get(p.label));
        expect(mine, `${p.label}: one close-contact entry from the case`).toHaveLength(1);
        expect(mine[0]).toMatchObject({ source: 'tracing', kind: 'close_contact' });
        const task = tasks.filter((x) => x.personId === personIdOf.get(p.label));
        expect(task, `${p.label}: one follow-up task`).toHaveLength(1);
        expect(task[0]).toMatchObject({ status: 'open', sourceType: 'trace', sourceId: view.id });
        if (p.unit) {
          const unit = await unitPath(p.unit);
          expect(task[0], `${p.label}: task in ${p.unit}`).toMatchObject({ orgPath: unit.path, orgUnitId: unit.id });
          expect(unit.path.startsWith(mine[0].orgPath), `${p.label}: entry at ${mine[0].orgPath}, unit ${unit.path}`).toBe(true);
        }
        const outside = p.label === 'R';
        expect(mine[0].orgPath.startsWith(outside ? a2.path : a.path), `${p.label}: entry at ${mine[0].orgPath}`).toBe(true);
        expect(task[0].orgPath.startsWith(outside ? a2.path : a.path), `${p.label}: task at ${task[0].orgPath}`).toBe(true);
      }

      // The analyst sees the in-scope entries on the person pages, not R's; the analyst of R's county sees R's.
      const closeContact = (v: { memberships: { kind: string; source: string }[] }) => v.memberships.filter((m) => m.kind === 'close_contact' && m.source === 'tracing');
      const pd = await as(app, analystA).get(`/api/v1/persons/${personIdOf.get('PD')}`);
      expect(closeContact(pd.json())).toHaveLength(1);
      const rByA = await as(app, analystA).get(`/api/v1/persons/${personIdOf.get('R')}`);
      expect(rByA.statusCode, rByA.body).toBe(200); // R passed a checkpoint of county A
      expect(closeContact(rByA.json())).toEqual([]);
      const rByA2 = await as(app, analystA2).get(`/api/v1/persons/${personIdOf.get('R')}`);
      expect(rByA2.statusCode, rByA2.body).toBe(200);
      expect(closeContact(rByA2.json())).toHaveLength(1);

      const stored = (await as(app, analystA).get(`/api/v1/traces/${view.id}`)).json() as TraceView;
      expect(stored).toMatchObject({ status: 'accepted', accepted: result });

      // Accepting again adds nothing.
      const again = await as(app, analystA).post(`/api/v1/traces/${view.id}/accept`, {});
      expect([200, 201, 409], again.body).toContain(again.statusCode);
      if (again.statusCode !== 409) expect.soft(again.json(), 'second accept').toMatchObject({ listed: 0, tasks: 0 });
      expect.soft(await db().selectFrom('listEntries').select('id').where('sourcePersonId', '=', caseId).execute(), 'entries after a second accept').toHaveLength(entries.length);
      expect.soft(await db().selectFrom('tasks').select('id').where('kind', '=', 'contact_follow_up').execute(), 'tasks after a second accept').toHaveLength(tasks.length);
      expect.soft((await db().selectFrom('persons').select('id').execute()).length, 'persons after a second accept').toBe(personsAfterFirst);

      // A later trace shows the contacts' new category.
      const later = await trace(analystA, { personId: caseId, depth: 1 });
      expect(contactOf(later, 'PD')!.categories).toContain('close_contact');

      // The person pages link the trace; a reveal shows in-scope documents in clear, never a routed one; both audited.
      const links = (id: string) => as(app, analystA).get(`/api/v1/persons/${id}`).then((r) => r.json().contacts as { traceId: string; role: string; degree: number | null }[]);
      expect((await links(personIdOf.get('PD')!)).find((l) => l.traceId === view.id)).toMatchObject({ role: 'contact', degree: 1, status: 'accepted' });
      expect((await links(caseId)).find((l) => l.traceId === view.id)).toMatchObject({ role: 'case', degree: null });
      expect((await as(app, analystA).post(`/api/v1/traces/${view.id}/reveal`, { purpose: 'ab' })).statusCode).toBe(400);
      expect((await as(app, commander).post(`/api/v1/traces/${view.id}/reveal`, { purpose: '联系密接人员' })).statusCode).toBe(403);
      const revealed = await as(app, analystA).post(`/api/v1/traces/${view.id}/reveal`, { purpose: '联系密接人员' });
      expect(revealed.statusCode, revealed.body).toBe(200);
      const clear = revealed.json() as TraceView;
      expect(contactOf(clear, 'PD')!.idNumber).toBe(sc.contactsA.find((p) => p.label === 'PD')!.person.idNumber);
      expect(contactOf(clear, 'R')!.idNumber ?? null).toBeNull();
      expect(revealed.body).not.toContain(sc.contactsA.find((p) => p.label === 'R')!.person.idNumber!);
      // the run is audited with its purpose (on the trace, or on the case naming the trace), the accept and the reveal on the trace
      const audit = (await db().selectFrom('auditLog').select(['action', 'purpose', 'actorName', 'targetId', 'detail']).execute())
        .filter((a) => a.targetId === view.id || (a.detail ?? '').includes(view.id));
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['trace.run', 'trace.accept']));
      expect(audit.some((a) => a.purpose === '联系密接人员' && a.actorName === 'analyst-a' && a.targetId === view.id)).toBe(true);
      expect(audit.find((a) => a.action === 'trace.run')).toMatchObject({ purpose: PURPOSE, actorName: 'analyst-a' });
    });

    it('lets commanders read traces but not start them, and refuses bad input clearly', async () => {
      const caseId = personIdOf.get('A')!;
      const post = (who: Session, body: Record<string, unknown>) => as(app, who).post('/api/v1/traces', body);
      expect((await post(analystA, { personId: caseId, depth: 1 })).statusCode).toBe(400); // no purpose
      expect((await post(analystA, { personId: caseId, depth: 1, purpose: 'ab' })).statusCode).toBe(400);
      expect((await post(analystA, { personId: 'NO-SUCH-PERSON', purpose: PURPOSE })).statusCode).toBe(404);
      expect((await post(analystA, { idNumber: syntheticId('19700101'), purpose: PURPOSE })).statusCode).toBe(404);
      expect((await post(analystA, { personId: caseId, depth: 4, purpose: PURPOSE })).statusCode).toBe(400);
      expect((await post(analystA, { personId: caseId, depth: 0, purpose: PURPOSE })).statusCode).toBe(400);
      expect((await post(analystA, { personId: caseId, from: iso(sc.t(10)), to: iso(sc.t(5)), purpose: PURPOSE })).statusCode).toBe(400);
      expect((await post(commander, { personId: caseId, purpose: PURPOSE })).statusCode).toBe(403);
      const outside = await post(analystB, { personId: caseId, purpose: PURPOSE });
      expect(outside.statusCode).toBe(404);
      expect(outside.json().error.code).toBe('person.not_found');

      const mine = (await as(app, commander).get(`/api/v1/traces?personId=${caseId}`)).json().items as { id: string }[];
      expect(mine.length).toBeGreaterThan(0);
      expect((await as(app, commander).get(`/api/v1/traces/${mine[0].id}`)).statusCode).toBe(200);
      expect((await as(app, analystB).get(`/api/v1/traces/${mine[0].id}`)).statusCode).toBe(404);
    });
  });
}
