// Scale-out on one PostgreSQL: check-in throughput against one server process, then against two with the load split
// across both, in the same run (closed loop, same number of connections); then the kill test as a measurement: two
// instances under load, one SIGKILLed, phones resend to the survivor, and what was acknowledged is counted back.
// On a 2-core machine both processes, PostgreSQL and the load generator share the same two cores: the ratio says
// whether a second process adds throughput there, not what it adds on a machine of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServe, type ServeProcess } from '../test/cli/run.ts';
import { startPostgres } from '../test/helpers/postgres.ts';
import { idemKey, syntheticPerson } from '../test/helpers/people.ts';
import { startPhones, until } from '../test/faults/phones.ts';
import { checkStored, faultEnv, openRawStore, prepareSite } from '../test/faults/world.ts';
import { load, type LoadResult } from './load.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);

const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-pg-'));
const postgres = await startPostgres(pgDir);
const f = faultEnv({ databaseUrl: postgres.url, extra: { NODE_ENV: 'production' } });
const servers: ServeProcess[] = [];
const results: Record<string, unknown> = { bench: 'scale-ingest', connections, seconds, cpus: os.cpus().length, loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 10) / 10) };

const summary = (r: LoadResult) => ({ rps: r.rps, p50ms: r.p50ms, p99ms: r.p99ms, errors: r.errors });

try {
  const token = await prepareSite(f);
  const body = () => JSON.stringify({ token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '110101', temperature: 36.6 });
  const checkins = (s: ServeProcess) => `${s.url}/api/v1/checkins`;

  const one = await spawnServe({ env: f.env, cwd: f.dataDir });
  servers.push(one);
  await load(checkins(one), { connections, seconds: 2, body, expect: 201 });
  const single = await load(checkins(one), { connections, seconds, body, expect: 201 });

  const two = await spawnServe({ env: f.env, cwd: f.dataDir });
  servers.push(two);
  await load(checkins(two), { connections: connections / 2, seconds: 2, body, expect: 201 });
  const split = await Promise.all(servers.map((s) => load(checkins(s), { connections: connections / 2, seconds, body, expect: 201 })));
  const twoRps = split.reduce((n, r) => n + r.rps, 0);
  Object.assign(results, {
    oneInstanceRps: single.rps,
    twoInstancesRps: twoRps,
    ratio: Math.round((twoRps / single.rps) * 100) / 100,
    oneInstance: summary(single),
    twoInstances: split.map(summary),
  });

  // The kill test: rows counted before it, so what it added can be told from the load above.
  const store = await openRawStore({ databaseUrl: postgres.url });
  try {
    const count = async () => Number((await store.query<{ n: string }>('select count(*) as n from checkins'))[0].n);
    const before = await count();
    let stopping = false;
    const [victim, survivor] = servers;
    const { run, done } = startPhones({ urls: [victim.url, survivor.url], phones: connections / 4, token, stopping: () => stopping, finishWithinMs: 20_000 });
    await until(() => run.answers.filter((a) => a.url === victim.url && a.status === 201).length >= 300, 60_000, 'acknowledgements from the victim');
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await victim.exited;
    await new Promise((r) => setTimeout(r, 5000));
    stopping = true;
    await done;
    const stored = await checkStored(store, run);
    const added = (await count()) - before;
    const fromSurvivor = run.answers.filter((a) => a.url === survivor.url);
    results.kill = {
      acknowledged: run.acked.size,
      acknowledgedAfterKill: fromSurvivor.filter((a) => a.at >= killedAt && a.status === 201).length,
      resentToSurvivor: new Set(run.answers.filter((a) => a.url === victim.url && a.status === 0).map((a) => a.key)).size,
      lostAcknowledged: stored.missing.length,
      // rows beyond one per submission: resends stored twice
      duplicates: stored.duplicateIds.length + Math.max(0, added - run.sent.size) + run.conflicting.length,
      unanswered: run.unanswered.size,
      survivorFailures: fromSurvivor.filter((a) => a.status === 0 || a.status >= 500).length,
    };
  } finally {
    await store.close();
  }
} finally {
  servers.forEach((s) => s.kill());
  await Promise.all(servers.map((s) => s.exited));
  await postgres.stop();
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.rmSync(f.dataDir, { recursive: true, force: true });
}
results.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 10) / 10);
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
