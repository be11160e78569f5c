// The world of the scope-isolation test: two counties, A probing B, and the records of B that some probes need,
// made on first use (merges, imports, a report, a trace) so the route table stays a table.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestRuntime } from './db.ts';
import { operator } from './factories.ts';
import { as, login, type Session } from './http.ts';

export interface World {
  app: FastifyInstance;
  rt: TestRuntime;
  adminA: Session;
  officerA: Session;
  unitB: string; // county B1
  cityB: string;
  userB: string; // officer of county B1
  userBoth: string; // scoped to A1 and B1
  userA: string;
  checkinB: string; // a check-in at a site of county B1
  siteB: string; // its site code
  webhookB: string; // a notification channel of county B1
  deliveryB: string; // a failed delivery of it
  hooksB: unknown; // county B's channels and deliveries before the probes
  passB: string; // the personal pass of that check-in
  personB: { idNumber: string; phone: string };
}

export type Probe = (w: World) => Promise<LightMyRequestResponse[]>;

export const SELF_ONLY = 'acts only on the caller themselves; takes no id of anyone else';

/** A merge candidate still open and an accepted merge in county B, made on first use by a probe. */
export async function mergesOfB(w: World): Promise<{ candidate: string; merge: string }> {
  const memo = w as World & { mergesB?: { candidate: string; merge: string } };
  if (memo.mergesB) return memo.mergesB;
  const { keyRecord, resolvePersons } = await import('../../src/modules/people/service.ts');
  const { acceptCandidate, proposeCandidates } = await import('../../src/modules/matching/service.ts');
  const db = w.rt.database.db;
  const pathB = (await db.selectFrom('orgUnits').select('path').where('id', '=', w.unitB).executeTakeFirstOrThrow()).path;
  const records = ['钱七', 'Qian Qi', '钱琪'].map((name) => keyRecord(w.rt.ctx, { name, idType: null, idNumber: null, phone: '13911112222' }));
  const { personIds } = await resolvePersons(w.rt.ctx, records, 'import');
  await proposeCandidates(w.rt.ctx, personIds.map((personId) => ({ personId })), pathB);
  const [first, second] = await db.selectFrom('mergeCandidates').select('id').where('orgPath', '=', pathB).orderBy('id').execute();
  const merge = await acceptCandidate(w.rt.ctx, operator, first.id, 'a');
  memo.mergesB = { candidate: second.id, merge: merge.id };
  return memo.mergesB;
}

/** An upload of county B's administrator, and one started into a list of county B, made on first use by a probe. */
export async function importsOfB(w: World): Promise<{ uploaded: string; started: string }> {
  const memo = w as World & { importsB?: { uploaded: string; started: string } };
  if (memo.importsB) return memo.importsB;
  const { createList } = await import('../../src/modules/lists/service.ts');
  await createList(w.rt.ctx, operator, { name: '东河区外来人员', kind: 'incoming', orgCode: '150202' });
  const adminB = await login(w.app, 'admin-b');
  const upload = async () =>
    (await as(w.app, adminB).post('/api/v1/imports/uploads?fileName=b.csv', Buffer.from('姓名,手机号\n钱七,13900001111\n'), { 'content-type': 'application/octet-stream' })).json().id as string;
  const [uploaded, started] = [await upload(), await upload()];
  await as(w.app, adminB).post(`/api/v1/imports/${started}/start`, { list: '东河区外来人员', columns: { name: '姓名', phone: '手机号' } });
  memo.importsB = { uploaded, started };
  return memo.importsB;
}

/** A report of county B asked for by the operator (built in the background), made on first use by a probe. */
export async function reportOfB(w: World): Promise<string> {
  const memo = w as World & { reportB?: string };
  if (memo.reportB) return memo.reportB;
  const { requestReport } = await import('../../src/modules/reports/service.ts');
  const { localDay } = await import('../../src/core/local-day.ts');
  memo.reportB = (await requestReport(w.rt.ctx, operator, { kind: 'analysis', org: '150202', to: localDay(w.rt.ctx.clock.now()) }, 'zh')).id;
  return memo.reportB;
}

/** A trace of the person of county B's check-in, run by the operator, made on first use by a probe. */
export async function traceOfB(w: World): Promise<string> {
  const memo = w as World & { traceB?: string };
  if (memo.traceB) return memo.traceB;
  const { indexCheckins } = await import('../../src/modules/people/checkin-indexer.ts');
  const { runTrace } = await import('../../src/modules/tracing/service.ts');
  await indexCheckins(w.rt.ctx);
  memo.traceB = (await runTrace(w.rt.ctx, operator, { idNumber: w.personB.idNumber, depth: 1, purpose: 'tracing in B' })).id;
  return memo.traceB;
}
