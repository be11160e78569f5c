// PostgreSQL stops for 10 seconds under load (a fast shutdown, as a restart or failover does) and starts again on the
// same port. Meanwhile both instances stay up and answer every request with 503, a retry-after and an error body;
// /healthz stays 200 and /readyz turns 503. Afterwards they recover by themselves, events flow between them again, and
// every acknowledged check-in is stored once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServe, type ServeProcess } from '../cli/run.ts';
import { freePort, startPostgres, type RunningPostgres } from '../helpers/postgres.ts';
import { connectSse, type SseClient } from '../live/sse.ts';
import { startPhones, until, type Answer } from './phones.ts';
import { expectAcknowledgedStoredOnce, faultEnv, prepareSite, type FaultEnv } from './world.ts';

const OUTAGE_MS = 10_000;

async function probe(url: string, headers: Record<string, string> = {}): Promise<Answer & { body: { error?: { code?: string; message?: string }; status?: string } }> {
  const at = Date.now();
  try {
    const res = await fetch(url, { headers: { 'accept-language': 'en', ...headers }, signal: AbortSignal.timeout(15_000) });
    return { at, url, key: '', status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json().catch(() => ({})) };
  } catch (e) {
    return { at, url, key: '', status: 0, code: String((e as { cause?: { code?: string } }).cause?.code ?? e), body: {} };
  }
}

describe('PostgreSQL stopped for 10 s under load', { timeout: 180_000 }, () => {
  let postgres: RunningPostgres | undefined;
  let pgDir: string | undefined;
  let f: FaultEnv | undefined;
  let stream: SseClient | undefined;
  const servers: ServeProcess[] = [];
  afterAll(async () => {
    stream?.close();
    servers.forEach((s) => s.kill());
    await postgres?.stop();
    if (pgDir) fs.rmSync(pgDir, { recursive: true, force: true });
    if (f) fs.rmSync(f.dataDir, { recursive: true, force: true });
  });

  it('answers 503 with retry-after while it is down, stays alive, and recovers by itself', async () => {
    pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-fault-pg-'));
    const port = await freePort();
    // kept: stopping it must leave the cluster in place to start again on the same port
    postgres = await startPostgres(pgDir, port, { keep: true });
    f = faultEnv({ databaseUrl: postgres.url });
    const token = await prepareSite(f);
    const [one, two] = await Promise.all([spawnServe({ env: f.env, cwd: f.dataDir, timeoutMs: 90_000 }), spawnServe({ env: f.env, cwd: f.dataDir, timeoutMs: 90_000 })]);
    servers.push(one, two);
    const login = await fetch(`${one.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: f.env.TRACEGRID_ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    stream = await connectSse(`${one.url}/api/v1/stream`, { cookie });

    let stopping = false;
    const { run, done } = startPhones({ urls: [one.url, two.url], phones: 6, token, stopping: () => stopping, resendDelayMs: 250, finishWithinMs: 30_000 });
    await until(() => run.acked.size >= 60, 30_000, 'check-ins before the outage');

    await postgres.stop();
    const downAt = Date.now();
    const probes: Awaited<ReturnType<typeof probe>>[] = [];
    while (Date.now() - downAt < OUTAGE_MS) {
      for (const s of servers) {
        probes.push(await probe(`${s.url}/healthz`), await probe(`${s.url}/readyz`));
      }
      probes.push(await probe(`${one.url}/api/v1/checkins?limit=5`, { cookie }));
      await new Promise((r) => setTimeout(r, 500));
    }
    postgres = await startPostgres(pgDir, port, { keep: true });
    const upAt = Date.now();

    // Recovery: both instances acknowledge check-ins again and are ready, within seconds.
    await until(() => servers.every((s) => run.answers.some((a) => a.url === s.url && a.at >= upAt && a.status === 201)), 20_000, 'check-ins acknowledged after the restart').catch((e) => {
      const summary = (list: Answer[]) => {
        const counts = new Map<string, number>();
        for (const a of list) counts.set(`${a.url} ${a.status} ${a.code}`, (counts.get(`${a.url} ${a.status} ${a.code}`) ?? 0) + 1);
        return [...counts].map(([k, n]) => `${k}: ${n}`);
      };
      throw new Error(`${(e as Error).message}\nafter restart: ${summary(run.answers.filter((a) => a.at >= upAt)).join('; ')}\nduring: ${summary(run.answers.filter((a) => a.at >= downAt && a.at < upAt)).join('; ')}\n${servers.map((s) => s.stdout().slice(-3000) + s.stderr().slice(-2000)).join('\n---\n')}`);
    });
    for (const s of servers) await until(async () => (await probe(`${s.url}/readyz`)).status === 200, 10_000, 'ready again');
    const recoveredMs = Math.max(...servers.map((s) => run.answers.find((a) => a.url === s.url && a.at >= upAt && a.status === 201)!.at)) - upAt;
    expect(recoveredMs).toBeLessThan(15_000);
    expect((await probe(`${one.url}/api/v1/checkins?limit=5`, { cookie })).status).toBe(200);
    // Events flow between the instances again: a check-in acknowledged by the second reaches the first's feed. (The
    // bridges listen again within a second or two of the restart: events in between are not relayed.)
    const relayedFrom = Math.max(Date.now(), upAt + 3000);
    await until(() => run.answers.some((a) => a.url === two.url && a.at >= relayedFrom && a.status === 201), 10_000, 'a check-in on the second instance');
    const lateOnTwo = run.answers.find((a) => a.url === two.url && a.at >= relayedFrom && a.status === 201)!;
    await stream.waitFor((e) => e.data.id === run.acked.get(lateOnTwo.key), 10_000);

    stopping = true;
    await done;

    // While it was down: the processes lived, answered (no reset connections), and said why.
    for (const s of servers) expect(s.child.exitCode, 'a server process exited').toBeNull();
    const during = [...probes, ...run.answers].filter((a) => a.at >= downAt && a.at < upAt);
    expect(during.filter((a) => a.status === 0), 'requests without an answer').toEqual([]);
    expect(during.filter((a) => a.status >= 500 && a.status !== 503), 'answers other than 503').toEqual([]);
    const checkinsDuring = run.answers.filter((a) => a.at >= downAt && a.at < upAt);
    expect(checkinsDuring.filter((a) => a.status === 503).length).toBeGreaterThan(10);
    for (const a of checkinsDuring.filter((x) => x.status === 503)) {
      expect(a.retryAfter).toMatch(/^\d+$/);
      expect(a.code).toBe('db.unavailable');
    }
    const read = probes.filter((p) => p.url.includes('/api/v1/checkins') && p.status === 503);
    expect(read.length).toBeGreaterThan(5);
    expect(read[0].body.error?.message).toMatch(/database/i);
    expect(probes.filter((p) => p.url.endsWith('/healthz')).every((p) => p.status === 200)).toBe(true);
    const readyDuring = probes.filter((p) => p.url.endsWith('/readyz') && p.at > downAt + 1000);
    expect(readyDuring.length).toBeGreaterThan(5);
    expect(readyDuring.every((p) => p.status === 503 && p.retryAfter)).toBe(true);

    expect(run.unanswered).toEqual(new Set());
    expect(run.conflicting).toEqual([]);
    await expectAcknowledgedStoredOnce({ databaseUrl: postgres.url }, run);
  });
});
