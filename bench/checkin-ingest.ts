// Check-in ingest through HTTP against a bare Fastify route that validates the same body and stores nothing,
// on SQLite and PostgreSQL in one run; and the gzip size of the register page's JavaScript.
// The goal (issue 3): ingest at 40% or more of the bare route's throughput on SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startPostgres } from '../test/helpers/postgres.ts';
import { idemKey, syntheticPerson } from '../test/helpers/people.ts';
import { load } from './load.ts';
import { serverEnv, startProcess } from './process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const root = path.resolve(import.meta.dirname, '..');

function registerPageGzipBytes(): number | null {
  const dist = path.join(root, 'dist', 'web');
  const html = path.join(dist, 'register', 'index.html');
  if (!fs.existsSync(html)) return null;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    // static imports of chunks: what the page loads before it can be used
    for (const m of text.matchAll(/(?:from\s*|import\s*)["']\.?\.?\/?([\w./-]+\.js)["']/g)) visit(path.join(path.dirname(file), m[1]));
  };
  const page = fs.readFileSync(html, 'utf8');
  for (const m of page.matchAll(/src="\/(assets\/[\w.-]+\.js)"/g)) visit(path.join(dist, m[1]));
  for (const m of page.matchAll(/href="\/(assets\/[\w.-]+\.js)"/g)) visit(path.join(dist, m[1]));
  return [...seen].reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(f)).length, 0);
}

async function measure(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined, bareUrl: string) {
  const { env, dataDir, port } = await serverEnv(databaseUrl);
  // A site to register at: created by the CLI on the same database before the server starts.
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, ['bin/tracegrid.js', 'demo', '--password', 'Bench-demo-pass-1'], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
  const site = JSON.parse(execFileSync(process.execPath, ['bin/tracegrid.js', 'site', 'add', '--kind', 'checkpoint', '--org', '150102', '--name', 'bench', '--json'], { cwd: root, env: { ...process.env, ...env } }).toString());
  const token = String(site.url).split('/r/')[1];
  const server = await startProcess(['bin/tracegrid.js', 'serve'], env, /TraceGrid is running/);
  const body = () => JSON.stringify({ token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '110101', temperature: 36.6 });
  try {
    await load(bareUrl, { connections, seconds: 1, body, expect: 201 });
    const bare = await load(bareUrl, { connections, seconds, body, expect: 201 });
    await load(`http://127.0.0.1:${port}/api/v1/checkins`, { connections, seconds: 1, body, expect: 201 });
    const ingest = await load(`http://127.0.0.1:${port}/api/v1/checkins`, { connections, seconds, body, expect: 201 });
    return { bare, ingest, ratio: Math.round((ingest.rps / bare.rps) * 100) / 100 };
  } finally {
    server.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const bare = await startProcess(['--import', 'tsx', 'bench/bare-server.ts'], {}, /http:\/\/[\d.:]+/);
const pg = await startPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-pg-')));
const results: Record<string, unknown> = { bench: 'checkin-ingest', connections, seconds, registerPageJsGzipBytes: registerPageGzipBytes() };
try {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    results[dialect] = await measure(dialect, dialect === 'postgres' ? pg.url : undefined, `${bare.line}/bare-checkin`);
  }
} finally {
  bare.child.kill('SIGTERM');
  await pg.stop();
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
