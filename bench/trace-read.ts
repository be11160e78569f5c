// Contact tracing (issue 7): POST /api/v1/traces for one case over its last 14 days, at depth 1 and 2, in a database
// of 1,000,000 check-ins and in one of 10,000,000, on SQLite and on PostgreSQL. Goal: the large database's latency no
// more than 1.5 times the small one's (the tracing goes by indexes, not scans). Both databases have the same daily
// life: 1,000,000 over 28 days and 10,000,000 over 280 (the generator keeps ~40 check-ins per person per 28 days: the
// same people, each with a history ten times as long), hence a case's 14 days look alike in both; what they hold is
// shown (contacts per case) so the reader can see the work was comparable. The cases: persons with exactly
// BENCH_CASE_CHECKINS check-ins in the 14 days, the same number in both databases.
// Knobs: BENCH_SMALL, BENCH_LARGE, BENCH_SMALL_DAYS, BENCH_LARGE_DAYS, BENCH_ENGINES, BENCH_DEPTHS (1,2),
// BENCH_REQUESTS (per case and depth), BENCH_WARMUP, BENCH_CASES, BENCH_CASE_CHECKINS; BENCH_TRACE_DIR keeps the databases for the next run (see
// trace-data.ts; BENCH_TRACE_DIR_SQLITE, BENCH_TRACE_DIR_POSTGRES for one engine); BENCH_PHASE=generate only
// generates them (generation can run ahead of the measurement).
import http from 'node:http';
import path from 'node:path';
import SqliteDriver from 'better-sqlite3';
import pg from 'pg';
import { startProcess } from './process.ts';
import { PASSWORD, TraceData, log, type BenchDatabase, type Engine, type Size } from './trace-data.ts';

const num = (name: string, fallback: number) => Number((process.env[name] ?? String(fallback)).replace(/_/g, ''));
const SMALL: Size = { checkins: num('BENCH_SMALL', 1_000_000), days: num('BENCH_SMALL_DAYS', 28) };
const LARGE: Size = { checkins: num('BENCH_LARGE', 10_000_000), days: num('BENCH_LARGE_DAYS', 280) };
const ENGINES = (process.env.BENCH_ENGINES?.split(',') ?? ['sqlite', 'postgres']) as Engine[];
const PHASE = process.env.BENCH_PHASE ?? 'all';
const REQUESTS = num('BENCH_REQUESTS', 5);
const WARMUP = num('BENCH_WARMUP', 2);
const CASES = num('BENCH_CASES', 5);
const CASE_CHECKINS = num('BENCH_CASE_CHECKINS', 12);
const DEPTHS = (process.env.BENCH_DEPTHS ?? '1,2').split(',').map(Number);
type DepthKey = `depth${number}`;
const WINDOW_MS = 14 * 86_400_000;
// A region-wide analyst: every case and contact is in scope, nothing is routed away.
const USER = 'analyst';

interface Window {
  from: number;
  to: number;
}

/** Rows of a read-only query on the database itself (setting up, not measured: the server is not running yet). */
async function query<T>(db: BenchDatabase, text: string, params: unknown[]): Promise<T[]> {
  if (db.engine === 'sqlite') {
    const sqlite = new SqliteDriver(path.join(db.dataDir, 'tracegrid.sqlite'), { readonly: true });
    try {
      return sqlite.prepare(text.replace(/\$\d+/g, '?')).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * The 14 days ending at the newest check-in (the history ends when it was generated, which may be days before a
 * rerun), and cases: persons (not merged away) with exactly CASE_CHECKINS check-ins in them. Ordered by the blind
 * index, a keyed hash: an arbitrary pick, not the earliest registered.
 */
async function pickCases(db: BenchDatabase): Promise<{ window: Window; personIds: string[] }> {
  const [{ last }] = await query<{ last: number | string }>(db, 'select max(at) as last from checkins', []);
  const window = { from: Number(last) - WINDOW_MS, to: Number(last) };
  const rows = await query<{ id: string }>(
    db,
    `select p.id from (select id_bidx from checkins where at >= $1 and at <= $2 and id_bidx is not null
       group by id_bidx having count(*) = $3) c
     join persons p on p.id_bidx = c.id_bidx and p.merged_into is null
     order by c.id_bidx limit $4`,
    [window.from, window.to, CASE_CHECKINS, CASES],
  );
  if (!rows.length) throw new Error(`${db.engine} ${db.size.checkins}: nobody with exactly ${CASE_CHECKINS} check-ins in the 14 days`);
  return { window, personIds: rows.map((r) => r.id) };
}

const ms = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface DepthFigures {
  runs: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
  /** contacts found per case (mean over the cases), and per degree */
  contacts: number;
  byDegree: Record<string, number>;
  /** the slowest case's own median: one unlucky case shows here */
  worstCaseP50: number;
}

async function login(base: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('tg_session='));
  if (!session) throw new Error('login: no session cookie');
  return { cookie: session.split(';')[0], csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A POST without a client timeout: fetch gives up after 300 s without headers, and a deep trace may take longer. */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One trace, one after another (the latency of one analyst, not a load test): its time and what it found. */
async function trace(base: string, auth: { cookie: string; csrf: string }, personId: string, window: Window, depth: number) {
  const body = { personId, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), depth, purpose: 'bench: tracing latency' };
  const t = performance.now();
  const res = await post(`${base}/api/v1/traces`, { cookie: auth.cookie, 'x-csrf-token': auth.csrf }, JSON.stringify(body));
  const time = performance.now() - t;
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /traces ${personId} depth ${depth}: ${res.status} ${res.text.slice(0, 300)}`);
  const view = JSON.parse(res.text) as { counts: { contacts: number; byDegree: Record<string, number> } };
  return { time, contacts: view.counts.contacts, byDegree: view.counts.byDegree };
}

async function measureDepth(base: string, auth: { cookie: string; csrf: string }, personIds: string[], window: Window, depth: number): Promise<DepthFigures> {
  for (let i = 0; i < WARMUP; i++) for (const id of personIds) await trace(base, auth, id, window, depth);
  const perCase = new Map<string, number[]>(personIds.map((id) => [id, []]));
  const found = new Map<string, { contacts: number; byDegree: Record<string, number> }>();
  // Round after round over the cases, so that a slow moment of the machine spreads over all of them.
  for (let i = 0; i < REQUESTS; i++) {
    for (const id of personIds) {
      const r = await trace(base, auth, id, window, depth);
      perCase.get(id)!.push(r.time);
      found.set(id, r);
    }
  }
  const times = [...perCase.values()].flat().sort((a, b) => a - b);
  const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  const degrees = [...new Set([...found.values()].flatMap((f) => Object.keys(f.byDegree)))].sort();
  return {
    runs: times.length,
    p50: ms(at(times, 0.5)),
    p95: ms(at(times, 0.95)),
    mean: ms(mean(times)),
    min: ms(times[0]),
    max: ms(times[times.length - 1]),
    contacts: ms(mean([...found.values()].map((f) => f.contacts))),
    byDegree: Object.fromEntries(degrees.map((d) => [d, ms(mean([...found.values()].map((f) => f.byDegree[d] ?? 0)))])),
    worstCaseP50: ms(Math.max(...[...perCase.values()].map((xs) => at([...xs].sort((a, b) => a - b), 0.5)))),
  };
}

async function measure(db: BenchDatabase) {
  const { window, personIds } = await pickCases(db);
  log(`${db.engine} ${db.size.checkins}: ${personIds.length} cases, window ${new Date(window.from).toISOString()} .. ${new Date(window.to).toISOString()}`);
  const server = await startProcess(['bin/tracegrid.js', 'serve'], { ...db.env, TRACEGRID_DEMO_TRAFFIC: 'off' }, /TraceGrid is running/);
  try {
    const base = `http://127.0.0.1:${db.port}`;
    const auth = await login(base);
    const depth = async (d: number) => {
      const figures = await measureDepth(base, auth, personIds, window, d);
      log(`${db.engine} ${db.size.checkins} depth ${d}: ${JSON.stringify(figures)}`);
      return figures;
    };
    const depths: Partial<Record<DepthKey, DepthFigures>> = {};
    for (const d of DEPTHS) depths[`depth${d}`] = await depth(d);
    return Object.assign(
      {
        checkins: db.size.checkins,
        days: db.size.days,
        generation: { ...db.generation, reused: db.reused },
        window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
        cases: personIds.length,
      },
      depths,
    );
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
}

type Figures = Awaited<ReturnType<typeof measure>>;

/** large / small per depth: p50 and mean, and how the contacts found compare (work alike: near 1). */
function ratios(small: Figures, large: Figures) {
  const r = (a: number, b: number) => Math.round((b / a) * 100) / 100;
  const of = (s: DepthFigures, l: DepthFigures) => ({ p50: r(s.p50, l.p50), mean: r(s.mean, l.mean), contacts: r(s.contacts, l.contacts) });
  return Object.fromEntries(DEPTHS.map((d) => [`depth${d}`, of(small[`depth${d}`]!, large[`depth${d}`]!)]));
}

const results: Record<string, unknown> = {
  bench: 'trace-read',
  goal: 'large/small latency <= 1.5',
  small: SMALL,
  large: LARGE,
  depths: DEPTHS,
  caseCheckins: CASE_CHECKINS,
  casesPerDatabase: CASES,
  requestsPerCase: REQUESTS,
  warmupPerCase: WARMUP,
  window: '14 days ending at the newest check-in',
};
for (const engine of ENGINES) {
  // An engine's databases may be kept apart (BENCH_TRACE_DIR_POSTGRES=...): both engines can be generated at once.
  const data = new TraceData(process.env[`BENCH_TRACE_DIR_${engine.toUpperCase()}`] ?? process.env.BENCH_TRACE_DIR);
  try {
    const small = await data.database(engine, SMALL);
    const large = await data.database(engine, LARGE);
    if (PHASE === 'generate') continue;
    const s = await measure(small);
    const l = await measure(large);
    results[engine] = { small: s, large: l, ratio: ratios(s, l) };
  } finally {
    await data.close();
  }
}
if (PHASE === 'generate') log('generated');
else process.stdout.write(JSON.stringify(results, null, 2) + '\n');
