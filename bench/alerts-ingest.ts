// Flagged check-ins while alerts go out: does a slow or broken group-chat endpoint, or a hundred officers watching
// the live feed, slow registration? Ingest of flagged check-ins is measured in one run with no alert endpoint (the
// baseline), with a webhook to an endpoint that never answers, with one that answers at once, and with 100 feed
// connections; on SQLite and PostgreSQL. Ratios near 1 mean registration does not wait for alerts.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startPostgres } from '../test/helpers/postgres.ts';
import { idemKey, syntheticPerson } from '../test/helpers/people.ts';
import { load, type LoadResult } from './load.ts';
import { serverEnv, startProcess } from './process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const FEEDS = 100;
const DEMO_PASSWORD = 'Bench-demo-pass-1';
const root = path.resolve(import.meta.dirname, '..');

/** A local alert endpoint: `hang` keeps every request open, otherwise it answers 200 at once. */
async function endpoint(hang: boolean): Promise<{ url: string; received: () => number; close: () => void }> {
  let received = 0;
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    received++;
    req.resume();
    if (hang) open.add(res);
    else res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/alerts`, received: () => received, close: () => (open.forEach((r) => r.destroy()), server.close(), server.closeAllConnections()) };
}

/** An officer's feed as cheap as a client can be: it counts the check-in events it receives and parses nothing. */
async function feed(url: string, cookie: string): Promise<{ events: () => number; close: () => void }> {
  let events = 0;
  let carry = '';
  const req = http.get(url, { headers: { cookie, accept: 'text/event-stream' } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
  if (res.statusCode !== 200) throw new Error(`stream: ${res.statusCode}`);
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const text = carry + chunk;
    events += text.split('event: checkin\n').length - 1;
    carry = text.slice(-16);
  });
  res.on('error', () => {});
  return { events: () => events, close: () => req.destroy() };
}

async function measure(databaseUrl: string | undefined) {
  const { env, dataDir, port } = await serverEnv(databaseUrl);
  const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/tracegrid.js', ...args], { cwd: root, env: { ...process.env, ...env } }).toString();
  cli('demo', '--password', DEMO_PASSWORD);
  const token = String(JSON.parse(cli('site', 'add', '--kind', 'checkpoint', '--org', '150102', '--name', 'bench', '--json')).url).split('/r/')[1];
  const server = await startProcess(['bin/tracegrid.js', 'serve'], env, /TraceGrid is running/);
  const base = `http://127.0.0.1:${port}`;
  const hanging = await endpoint(true);
  const answering = await endpoint(false);
  const feeds: Array<{ events: () => number; close: () => void }> = [];
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin-150100', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const staff = (method: string, url: string, body?: unknown) =>
      fetch(`${base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const hook = async (url: string) => ((await (await staff('POST', '/api/v1/webhooks', { orgCode: '150100', name: 'bench', kind: 'generic', url, events: ['flagged'] })).json()) as { id: string }).id;
    // Every check-in is flagged (fever), so every one of them is an alert.
    const body = () => JSON.stringify({ token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '110101', temperature: 38.6 });
    const run = async (): Promise<LoadResult> => {
      await load(`${base}/api/v1/checkins`, { connections, seconds: 1, body, expect: 201 });
      return load(`${base}/api/v1/checkins`, { connections, seconds, body, expect: 201 });
    };
    const none = await run();
    const hangingHook = await hook(hanging.url);
    const withHangingEndpoint = await run();
    await staff('DELETE', `/api/v1/webhooks/${hangingHook}`);
    const answeringHook = await hook(answering.url);
    const withAnsweringEndpoint = await run();
    await new Promise((r) => setTimeout(r, 3000));
    const delivered = answering.received();
    await staff('DELETE', `/api/v1/webhooks/${answeringHook}`);
    for (let i = 0; i < FEEDS; i++) feeds.push(await feed(`${base}/api/v1/stream`, cookie));
    const withFeeds = await run();
    const ratio = (r: LoadResult) => Math.round((r.rps / none.rps) * 100) / 100;
    return {
      none,
      hangingEndpoint: { ...withHangingEndpoint, ratio: ratio(withHangingEndpoint), requestsReceived: hanging.received() },
      answeringEndpoint: { ...withAnsweringEndpoint, ratio: ratio(withAnsweringEndpoint), alertsDelivered: delivered },
      feeds: { ...withFeeds, ratio: ratio(withFeeds), connections: FEEDS, eventsPerFeed: Math.round(feeds.reduce((n, f) => n + f.events(), 0) / FEEDS) },
    };
  } finally {
    feeds.forEach((f) => f.close());
    hanging.close();
    answering.close();
    server.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const pg = await startPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-pg-')));
const results: Record<string, unknown> = { bench: 'alerts-ingest', connections, seconds };
try {
  results.sqlite = await measure(undefined);
  results.postgres = await measure(pg.url);
} finally {
  await pg.stop();
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
