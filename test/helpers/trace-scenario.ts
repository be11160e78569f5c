// Generated contact-tracing scenarios (issue 7): sites of every kind, two cases on a confirmed list, and synthetic
// people each planted with one known exposure, or with a known near miss that must not be found. Everything is placed
// in time with the manual clock and registered through the public check-in route, as people would. The expectations
// are written from the spec's semantics (../spec7.md), not read back from the implementation. Nobody real: names,
// documents, phones and plates come from the demo's synthetic generators driven by a seeded random.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ManualClock } from '../../src/core/clock.ts';
import { addDays, dayStartMs } from '../../src/core/local-day.ts';
import { syntheticName, syntheticPhone, syntheticResidentId } from '../../src/modules/demo/traffic.ts';
import { seeded } from '../../src/modules/demo/watched.ts';
import { runImport } from '../../src/modules/imports/engine.ts';
import { createFileImport } from '../../src/modules/imports/service.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { importOrgUnits } from '../../src/modules/org/import.ts';
import { indexCheckins } from '../../src/modules/people/checkin-indexer.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import type { ExposureKind } from '../../src/modules/tracing/types.ts';
import type { TestRuntime } from './db.ts';
import { operator, seedUser } from './factories.ts';
import { as, login } from './http.ts';
import { idemKey } from './people.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** maxStayHours of the spec: an entry without an exit counts for this long */
export const MAX_STAY = 12 * HOUR;

export interface SynthPerson {
  name: string;
  idType?: 'resident_id' | 'passport';
  idNumber?: string;
  phone?: string;
}

/** One exposure the trace must report, as the spec defines it. `from` names the source: 'A', 'B', or a contact's label. */
export interface ExpectedEvidence {
  how: ExposureKind;
  from: string;
  /** site key of the scenario (see SITES); null for a household found by the registered address; a list: any of them
   * (a compound's presence may name either gate the case used) */
  site: SiteKey | SiteKey[] | null;
  /** both sides' [from, to]; when the spec fixes only where each side starts, `starts` instead */
  times?: { source: [number, number]; contact: [number, number] };
  starts?: { source: number; contact: number };
  /** null: the spec leaves it open */
  minutes: number | null;
  /** the weight before the degree factor */
  weight: number;
}

export interface Planted {
  label: string;
  person: SynthPerson;
  /** empty for a decoy */
  evidence: ExpectedEvidence[];
  /** org code of the unit responsible for the contact (where they live, else where exposed); null: not fixed by the spec */
  unit: string | null;
  /** why a decoy must not be found */
  decoy?: string;
}

/** Sites of the scenario: org code, kind, and the tolerance set through PATCH (null: the default). */
export const SITES = {
  K1: { org: '150102', kind: 'checkpoint', name: '卡口K1', tolerance: null },
  K2: { org: '150102', kind: 'checkpoint', name: '卡口K2（10分钟）', tolerance: 10 },
  ST: { org: '150102', kind: 'station', name: '检测站ST', tolerance: null },
  Y1: { org: '150102001001', kind: 'community', name: '阳光社区东门', tolerance: null },
  Y2: { org: '150102001001', kind: 'community', name: '阳光社区西门', tolerance: null },
  W: { org: '150102001002', kind: 'community', name: '幸福社区大门', tolerance: null },
  F: { org: '150102001', kind: 'floating', name: '示范街道流动人口登记点', tolerance: null },
  X: { org: '150103', kind: 'community', name: '回民区小区', tolerance: null },
  KB1: { org: '150102', kind: 'checkpoint', name: '卡口B1', tolerance: null },
  KB2: { org: '150102', kind: 'checkpoint', name: '卡口B2', tolerance: null },
  KB3: { org: '150102', kind: 'checkpoint', name: '卡口B3', tolerance: null },
} as const;
export type SiteKey = keyof typeof SITES;

/** Units the seeded tree lacks: a second compound in the township (the case's home). */
export const EXTRA_UNITS = [['150102001002', '幸福社区', 'community', '150102001']] as const;
export const UNIT_NAMES: Record<string, string> = { '150102': '新城区', '150102001': '示范街道', '150102001001': '阳光社区', '150102001002': '幸福社区', '150103': '回民区' };

export const passageWeight = (gapMin: number, tol: number) => 0.05 + 0.1 * (1 - gapMin / tol);
export const presenceWeight = (min: number) => 0.1 + 0.2 * Math.min(1, min / 240);
export const WEIGHTS = { household: 0.9, companion: 0.8, vehicle: 0.7, floating_address: 0.6, community_building: 0.3 } as const;

export interface TraceScenario {
  seed: number;
  base: string;
  /** day d at hh:mm, China time */
  t(d: number, hh?: number, mm?: number): number;
  sites: Record<SiteKey, { code: string; token: string }>;
  cases: { A: SynthPerson; B: SynthPerson; passportA: SynthPerson };
  /** the default window of both cases: onset (day 16) - 14 days, to the day they were listed (day 17 10:00) */
  window: { from: number; to: number };
  /** when the traces run */
  now: number;
  /** case A: one planted contact per kind, and the near misses */
  contactsA: Planted[];
  decoysA: Planted[];
  /** the companion registered without a document: its node is 'c:' + its check-in id */
  noDocCompanion: { label: string; groupId: string };
  /** case B: first degree (S1, S2 companions, U a passage), second degree (T1 through S1, T2 through S1 and S2) */
  firstB: Planted[];
  secondB: Planted[];
  decoysB: Planted[];
}

export async function buildTraceScenario(rt: TestRuntime, app: FastifyInstance, clock: ManualClock, base: string, seed: number): Promise<TraceScenario> {
  const rnd = seeded(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  /** an integer in [lo, hi] */
  const between = (lo: number, hi: number) => lo + int(hi - lo + 1);
  const taken = new Set<string>();
  const person = (): SynthPerson => {
    let idNumber: string;
    do idNumber = syntheticResidentId(int, ['150102', '150103', '150104']);
    while (taken.has(idNumber));
    taken.add(idNumber);
    return { name: syntheticName(int), idType: 'resident_id', idNumber, phone: syntheticPhone(int) };
  };
  const plate = () => `蒙A${String(10_000 + int(90_000))}`;
  const t = (d: number, hh = 0, mm = 0) => dayStartMs(addDays(base, d)) + hh * HOUR + mm * MIN;
  const day = (d: number) => addDays(base, d);

  // The world: org units, sites (one checkpoint with its own tolerance), lists, users.
  await importOrgUnits(rt.ctx, operator, EXTRA_UNITS.map(([code, name, level, parent], i) => ({ row: i + 2, code, name, level, parent })), 'tracing test');
  const sites = {} as TraceScenario['sites'];
  for (const [key, s] of Object.entries(SITES) as [SiteKey, (typeof SITES)[SiteKey]][]) {
    const site = await createSite(rt.ctx, operator, { orgCode: s.org, kind: s.kind, name: s.name });
    sites[key] = { code: site.code, token: decodeURIComponent(site.url.split('/r/')[1]) };
  }
  await seedUser(rt.ctx, 'trace-admin', 'admin', ['150000']);
  const admin = await login(app, 'trace-admin');
  for (const [key, s] of Object.entries(SITES) as [SiteKey, (typeof SITES)[SiteKey]][]) {
    if (s.tolerance === null) continue;
    const res = await as(app, admin).patch(`/api/v1/sites/${sites[key].code}`, { traceToleranceMin: s.tolerance });
    if (res.statusCode !== 200 || res.json().traceToleranceMin !== s.tolerance) throw new Error(`tolerance of ${key}: ${res.statusCode} ${res.body}`);
  }
  await createList(rt.ctx, operator, { name: '留观人员（流调测试）', kind: 'observation', orgCode: '150102', watch: false });
  await createList(rt.ctx, operator, { name: '确诊病例（流调测试）', kind: 'confirmed', orgCode: '150102', watch: false });

  const A = person();
  const B = person();
  const passportA: SynthPerson = { name: A.name, idType: 'passport', idNumber: `E${String(10_000_000 + int(89_999_999))}`, phone: A.phone };
  const window = { from: t(16) - 14 * DAY, to: t(17, 10) };
  const now = t(17, 12);

  // ---- the plan: actions at times, run in time order
  const plan: { at: number; seq: number; run: () => Promise<void> }[] = [];
  const at = (ms: number, run: () => Promise<void>) => plan.push({ at: ms, seq: plan.length, run });
  const groups: Record<string, string> = {};
  const post = (ms: number, site: SiteKey, body: Record<string, unknown>, remember?: string) =>
    at(ms, async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { token: sites[site].token, key: idemKey(), ...body } });
      if (res.statusCode !== 201) throw new Error(`check-in at ${site} ${new Date(ms).toISOString()}: ${res.statusCode} ${res.body}`);
      if (remember) groups[remember] = res.json().id;
    });
  const pass = (ms: number, site: SiteKey, p: SynthPerson, extra: object = {}, remember?: string) =>
    post(ms, site, { direction: 'in', person: p, origin: '150102', destination: '150102', ...extra }, remember);
  const station = (ms: number, p: SynthPerson) => post(ms, 'ST', { person: p, temperature: 36.5 });
  const visit = (ms: number, site: SiteKey, p: SynthPerson, direction: 'in' | 'out') =>
    post(ms, site, { direction, person: p, community: { role: 'visitor', visiting: '3号楼亲友' } });
  const reside = (ms: number, site: SiteKey, p: SynthPerson, direction: 'in' | 'out', room: { building: string; unit: string; room: string }) =>
    post(ms, site, { direction, person: p, community: { role: 'resident' }, address: room });
  const arrive = (ms: number, p: SynthPerson, arrivalDay: string, stayDays: number) =>
    post(ms, 'F', { person: p, origin: '110101', address: { line: '新华大街88号' }, floating: { arrivalDate: arrivalDay, stayDays, hostKind: 'landlord' } });
  const importList = (ms: number, list: string, rows: string[][]) =>
    at(ms, async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trace-scenario-')), 'list.csv');
      fs.writeFileSync(file, [['姓名', '身份证号', '手机号', '现住址', '日期'], ...rows].map((r) => r.join(',')).join('\n') + '\n');
      const done = await runImport(rt.ctx, await createFileImport(rt.ctx, operator, { file, list, columns: { name: '姓名', idNumber: '身份证号', phone: '手机号', address: '现住址', listedAt: '日期' } }));
      if (done.status !== 'done' || done.refused) throw new Error(`import into ${list}: ${JSON.stringify(done)}`);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

  const contactsA: Planted[] = [];
  const decoysA: Planted[] = [];
  const contact = (label: string, p: SynthPerson, unit: string | null, ...evidence: ExpectedEvidence[]) => {
    contactsA.push({ label, person: p, evidence, unit });
    return p;
  };
  const decoy = (label: string, why: string, p: SynthPerson = person()) => {
    decoysA.push({ label, person: p, evidence: [], unit: null, decoy: why });
    return p;
  };
  const passage = (from: string, site: SiteKey, src: number, gapMin: number, tol = 30): ExpectedEvidence => ({
    how: 'checkpoint_passage', from, site, times: { source: [src, src], contact: [src + gapMin * MIN, src + gapMin * MIN] }, minutes: Math.abs(gapMin), weight: passageWeight(Math.abs(gapMin), tol),
  });

  // Day 0, before anything else: the registered addresses, as a list import writes them (persons.address_bidx).
  const HA = person();
  const address = '新城区示范街道幸福路8号院';
  importList(t(0, 8), '留观人员（流调测试）', [[A.name, A.idNumber!, A.phone!, address, day(0)], [HA.name, HA.idNumber!, HA.phone!, address, day(0)]]);
  contact('HA', HA, null, { how: 'household', from: 'A', site: null, times: { source: [window.from, window.to], contact: [window.from, window.to] }, minutes: null, weight: WEIGHTS.household });

  // Before the window (day 0) and after it (day 17, once listed): passages that would count inside it.
  pass(t(0, 10), 'K1', A);
  pass(t(0, 10, 5), 'K1', decoy('DBX', 'passage 5 min after the case, two days before the window'));
  importList(t(17, 10), '确诊病例（流调测试）', [[A.name, A.idNumber!, A.phone!, '', day(16)], [B.name, B.idNumber!, B.phone!, '', day(16)]]);
  pass(t(17, 11), 'K1', A);
  pass(t(17, 11, 5), 'K1', decoy('DAX', 'passage 5 min after the case, after the window (isolation)'));

  // Days 0 and 2: people registered in the case's room (household by the room), long before the case is there; one
  // before the window (a room is searched 30 days back).
  const HOME = { building: '5', unit: '2', room: '301' };
  const household = (ms: number): ExpectedEvidence => ({ how: 'household', from: 'A', site: 'W', starts: { source: t(8, 18), contact: ms }, minutes: null, weight: WEIGHTS.household });
  reside(t(0, 9), 'W', contact('HR0', person(), '150102001002', household(t(0, 9))), 'in', HOME);
  reside(t(2, 8), 'W', contact('HR', person(), '150102001002', household(t(2, 8))), 'in', HOME);

  // The window is inclusive at both ends: the case passes K1 at its first and at its last millisecond.
  const gF = between(1, 29);
  const gW = between(1, 29);
  pass(t(2), 'K1', A);
  pass(t(2) + gF * MIN, 'K1', contact('PF', person(), '150102', passage('A', 'K1', t(2), gF)));
  pass(window.to, 'K1', A);
  pass(window.to + gW * MIN, 'K1', contact('PW', person(), '150102', passage('A', 'K1', window.to, gW)));

  // Day 3: companions registered in the case's submission, one with a document and one without.
  const CO = person();
  const CO2: SynthPerson = { name: syntheticName(int) };
  const tCo = t(3, 9);
  pass(tCo, 'K1', A, { companions: [{ ...CO, relation: 'spouse' }, { name: CO2.name, relation: 'child' }] }, 'E1');
  const companion = (): ExpectedEvidence => ({ how: 'companion', from: 'A', site: 'K1', times: { source: [tCo, tCo], contact: [tCo, tCo] }, minutes: null, weight: WEIGHTS.companion });
  contact('CO', CO, '150102', companion());
  contact('CO2', CO2, '150102', companion());

  // Day 4: the case drives; a passenger of the same car passes in a submission of their own (vehicle); another car
  // passes before them (a passage, not a vehicle).
  const tCar = t(4, 10);
  const carA = plate();
  let carB = plate();
  while (carB === carA) carB = plate();
  const gV = between(1, 25);
  const gPV = between(1, 25);
  pass(tCar, 'K1', A, { vehicle: { plate: carA, role: 'driver' } });
  pass(tCar + gV * MIN, 'K1', contact('VE', person(), '150102', { ...passage('A', 'K1', tCar, gV), how: 'vehicle', weight: WEIGHTS.vehicle }), { vehicle: { plate: carA, role: 'passenger' } });
  pass(tCar - gPV * MIN, 'K1', contact('PV', person(), '150102', passage('A', 'K1', tCar, -gPV)), { vehicle: { plate: carB, role: 'driver' } });

  // Day 5: passages at the default tolerance: after, before, exactly 30 min (counts), 31 min (does not).
  const tP = t(5, 14);
  const gD = between(1, 29);
  const gE = between(1, 29);
  pass(tP, 'K1', A);
  pass(tP + gD * MIN, 'K1', contact('PD', person(), '150102', passage('A', 'K1', tP, gD)));
  pass(tP - gE * MIN, 'K1', contact('PE', person(), '150102', passage('A', 'K1', tP, -gE)));
  pass(tP - 30 * MIN, 'K1', contact('PB', person(), '150102', passage('A', 'K1', tP, -30)));
  pass(tP + 31 * MIN, 'K1', decoy('PX', 'passage 31 min after the case at the default tolerance of 30'));

  // Day 6: a checkpoint with its own tolerance of 10 min (counts at 1-9, not at 11), and a screening station.
  const tS = t(6, 16);
  const gS = between(1, 9);
  pass(tS, 'K2', A);
  pass(tS + gS * MIN, 'K2', contact('PS', person(), '150102', passage('A', 'K2', tS, gS, 10)));
  pass(tS + 11 * MIN, 'K2', decoy('PSX', 'passage 11 min after the case at a checkpoint whose tolerance is 10'));
  const tSt = t(6, 20);
  const gSt = between(1, 29);
  station(tSt, A);
  station(tSt + gSt * MIN, contact('ST', person(), '150102', passage('A', 'ST', tSt, gSt)));

  // Day 7: compound Y (two gates, one community unit). The case visits 10:00-15:00, entering and leaving by different gates.
  const yIn = t(7, 10);
  const yOut = t(7, 15);
  const caseY: [number, number] = [yIn, yOut];
  visit(yIn, 'Y1', A, 'in');
  visit(yOut, 'Y2', A, 'out');
  const presence = (contactIv: [number, number], min: number): ExpectedEvidence => ({ how: 'community_presence', from: 'A', site: ['Y1', 'Y2'], times: { source: caseY, contact: contactIv }, minutes: min, weight: presenceWeight(min) });
  const e1 = between(10, 120);
  // Overlaps of 3 (mod 6) minutes put a presence score exactly half-way between two shown decimals: avoided, the
  // rounding of a tie is not what this test is about.
  const untied = (lo: number, hi: number) => {
    let m: number;
    do m = between(lo, hi);
    while (m % 6 === 3);
    return m;
  };
  const o1 = untied(120, 239); // presence weight 0.2-0.3: above any passage (at most 0.15), below a building (0.3)
  const cp1 = contact('CP1', person(), '150102001001', presence([yIn - e1 * MIN, yIn + o1 * MIN], o1));
  visit(yIn - e1 * MIN, 'Y2', cp1, 'in');
  visit(yIn + o1 * MIN, 'Y1', cp1, 'out');
  const o2 = untied(30, 200); // enters before the case leaves, never registers an exit: counts for maxStay
  const cp2 = contact('CP2', person(), '150102001001', presence([yOut - o2 * MIN, yOut - o2 * MIN + MAX_STAY], o2));
  visit(yOut - o2 * MIN, 'Y1', cp2, 'in');
  const cp4In = yIn - between(1, 30) * MIN;
  const cp4 = contact('CP4', person(), '150102001001', presence([cp4In, yOut + 30 * MIN], 300));
  visit(cp4In, 'Y2', cp4, 'in');
  visit(yOut + 30 * MIN, 'Y1', cp4, 'out');
  const cpx = decoy('CPX', 'left compound Y before the case entered');
  visit(t(7, 7), 'Y1', cpx, 'in');
  visit(yIn - between(1, 30) * MIN, 'Y2', cpx, 'out');

  // Day 8: compound W, the case's home. A neighbour of the building leaves in the morning (same building, same day,
  // another room); the case comes home at 18:00; another neighbour of the building leaves the next morning.
  const tHome = t(8, 18);
  reside(t(8, 8), 'W', contact('BU', person(), '150102001002', { how: 'community_building', from: 'A', site: 'W', starts: { source: tHome, contact: t(8, 8) }, minutes: null, weight: WEIGHTS.community_building }), 'out', { building: '5', unit: '1', room: '101' });
  reside(tHome, 'W', A, 'in', HOME);
  reside(t(9, 8), 'W', decoy('BUX', 'same building as the case, the next day'), 'out', { building: '5', unit: '3', room: '201' });

  // Days 10-14: the floating desk, one address. The case stays 3 days from day 10; FL's stay overlaps it; FLX arrives after.
  const aFl = between(11, 12);
  const sFl = between(2, 5);
  arrive(t(10, 11), A, day(10), 3);
  const caseStay: [number, number] = [t(10), t(13)];
  const flStay: [number, number] = [t(aFl), t(aFl + sFl)];
  arrive(t(aFl, 10), contact('FL', person(), '150102001', { how: 'floating_address', from: 'A', site: 'F', times: { source: caseStay, contact: flStay }, minutes: (t(13) - t(aFl)) / MIN, weight: WEIGHTS.floating_address }), day(aFl), sFl);
  arrive(t(14, 10), decoy('FLX', 'same address, stay after the case left'), day(14), 2);

  // Day 11: the case's second document (merged into the case's record later) passes K1, and MG passes after it;
  // at K2 the case's two documents pass 4 min apart: the case is never its own contact.
  const tMg = t(11, 9);
  const gM = between(1, 29);
  pass(tMg, 'K1', passportA);
  pass(tMg + gM * MIN, 'K1', contact('MG', person(), '150102', passage('A', 'K1', tMg, gM)));
  pass(t(11, 15), 'K2', A);
  pass(t(11, 15, 4), 'K2', passportA);

  // Days 12-13: met twice at K1.
  const g1 = between(1, 29);
  const g2 = between(1, 29);
  const pt = contact('PT', person(), '150102', passage('A', 'K1', t(12, 8), g1), passage('A', 'K1', t(13, 8), g2));
  pass(t(12, 8), 'K1', A);
  pass(t(12, 8) + g1 * MIN, 'K1', pt);
  pass(t(13, 8), 'K1', A);
  pass(t(13, 8) + g2 * MIN, 'K1', pt);

  // Day 13-14: R passes the case at K1 and lives in another county (a resident of compound X in 回民区).
  const gR = between(1, 29);
  const R = contact('R', person(), '150103', passage('A', 'K1', t(13, 16), gR));
  pass(t(13, 16), 'K1', A);
  pass(t(13, 16) + gR * MIN, 'K1', R);
  reside(t(14, 19), 'X', R, 'in', { building: '1', unit: '1', room: '101' });

  // ---- case B: second degree. S1 and S2 are B's companions (strong, traced further); U passes B.
  const S1 = person();
  const S2 = person();
  const U = person();
  const T1 = person();
  const T2 = person();
  const T3 = person();
  const V = person();
  const firstB: Planted[] = [];
  const secondB: Planted[] = [];
  const companionB = (ms: number): ExpectedEvidence => ({ how: 'companion', from: 'B', site: 'KB1', times: { source: [ms, ms], contact: [ms, ms] }, minutes: null, weight: WEIGHTS.companion });
  pass(t(2, 10), 'KB2', S1); // before S1 met B: T3 passes S1 here, and must not be traced
  pass(t(2, 10, 5), 'KB2', T3);
  pass(t(3, 9), 'KB1', B, { companions: [{ ...S1, relation: 'relative' }] });
  firstB.push({ label: 'S1', person: S1, evidence: [companionB(t(3, 9))], unit: '150102' });
  pass(t(4, 9), 'KB1', B, { companions: [{ ...S2, relation: 'other' }] });
  firstB.push({ label: 'S2', person: S2, evidence: [companionB(t(4, 9))], unit: '150102' });
  const gU = between(1, 29);
  const gU2 = between(1, 29);
  pass(t(5, 12), 'KB1', B);
  pass(t(5, 12) + gU * MIN, 'KB1', U);
  const gT1 = between(1, 29);
  pass(t(6, 10), 'KB2', S1);
  pass(t(6, 10) + gT1 * MIN, 'KB2', T1);
  const gT2a = between(1, 29);
  const gT2b = between(1, 29);
  pass(t(7, 10), 'KB2', S1);
  pass(t(7, 10) + gT2a * MIN, 'KB2', T2);
  pass(t(8, 10), 'KB3', S2);
  pass(t(8, 10) + gT2b * MIN, 'KB3', T2);
  pass(t(9, 10), 'KB2', S1); // U, a first-degree contact, met again by S1: keeps degree 1, gains the evidence
  pass(t(9, 10) + gU2 * MIN, 'KB2', U);
  pass(t(10, 10), 'KB3', U); // U is below the score contacts are traced further from: V is not traced
  pass(t(10, 10, 5), 'KB3', V);
  firstB.push({ label: 'U', person: U, evidence: [passage('B', 'KB1', t(5, 12), gU), passage('S1', 'KB2', t(9, 10), gU2)], unit: '150102' });
  secondB.push({ label: 'T1', person: T1, evidence: [passage('S1', 'KB2', t(6, 10), gT1)], unit: '150102' });
  secondB.push({ label: 'T2', person: T2, evidence: [passage('S1', 'KB2', t(7, 10), gT2a), passage('S2', 'KB3', t(8, 10), gT2b)], unit: '150102' });
  const decoysB: Planted[] = [
    { label: 'T3', person: T3, evidence: [], unit: null, decoy: 'met S1 before S1 met the case' },
    { label: 'V', person: V, evidence: [], unit: null, decoy: 'met U, whose score is below expandFromScore' },
  ];

  // ---- run the plan in time order, then index the documents and merge the case's passport into the case's record
  plan.sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const step of plan) {
    if (step.at < clock.now()) throw new Error(`scenario step at ${new Date(step.at).toISOString()} is before the clock`);
    clock.advance(step.at - clock.now());
    await step.run();
  }
  clock.advance(now - clock.now());
  await indexCheckins(rt.ctx);
  const byDoc = (p: SynthPerson) => rt.database.db.selectFrom('persons').selectAll().where('idBidx', '=', rt.ctx.blindIndex.of('id_number', p.idNumber!)).executeTakeFirstOrThrow();
  const [caseRow, passportRow] = [await byDoc(A), await byDoc(passportA)];
  await rt.database.db.updateTable('persons').set({ mergedInto: caseRow.id, updatedAt: now }).where('id', '=', passportRow.id).execute();

  return {
    seed, base, t, sites, cases: { A, B, passportA }, window, now, contactsA, decoysA,
    noDocCompanion: { label: 'CO2', groupId: groups.E1 }, firstB, secondB, decoysB,
  };
}
