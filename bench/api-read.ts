// Authenticated API reads against a bare Fastify route, on SQLite and on PostgreSQL, measured in one run.
// Each request resolves the session (cookie -> keyed hash -> session, user, scopes) and then runs a scoped query.
// Prints one JSON object; the ratios are the figures that count on a shared machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../test/helpers/postgres.ts';
import { load } from './load.ts';
import { serverEnv, startProcess } from './process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function measureServer(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const { env, dataDir, port } = await serverEnv(databaseUrl);
  const server = await startProcess(['bin/tracegrid.js', 'serve', '--demo'], env, /TraceGrid is running/);
  const base = `http://127.0.0.1:${port}`;
  try {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Bench-pass-2026' }) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const roots = (await (await fetch(`${base}/api/v1/org-units`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    await load(`${base}/api/v1/me`, { connections, seconds: 1, headers: { cookie } }); // warm-up
    const me = await load(`${base}/api/v1/me`, { connections, seconds, headers: { cookie } });
    const org = await load(`${base}/api/v1/org-units?parentId=${roots.items[0].id}`, { connections, seconds, headers: { cookie } });
    return { me, org };
  } finally {
    server.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const bare = await startProcess(['--import', 'tsx', 'bench/bare-server.ts'], {}, /http:\/\/[\d.:]+/);
const bareUrl = `${bare.line}/bare`;
const pg = await startPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-pg-')));
const results: Record<string, unknown> = { bench: 'api-read', connections, seconds };
try {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    await load(bareUrl, { connections, seconds: 1 });
    const baseline = await load(bareUrl, { connections, seconds });
    const { me, org } = await measureServer(dialect, dialect === 'postgres' ? pg.url : undefined);
    results[dialect] = {
      bare: baseline,
      me,
      orgChildren: org,
      ratio: { me: Math.round((me.rps / baseline.rps) * 100) / 100, orgChildren: Math.round((org.rps / baseline.rps) * 100) / 100 },
    };
  }
} finally {
  bare.child.kill('SIGTERM');
  await pg.stop();
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
