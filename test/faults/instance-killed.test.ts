// Two instances on one PostgreSQL under a steady load of check-ins; one is killed hard (SIGKILL) midway. The phones
// it was serving resend their unanswered submission (same key) to the survivor. Nothing acknowledged is lost, nothing
// is stored twice, and the survivor keeps answering throughout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServe, type ServeProcess } from '../cli/run.ts';
import { startPostgres, type RunningPostgres } from '../helpers/postgres.ts';
import { startPhones, until } from './phones.ts';
import { expectAcknowledgedStoredOnce, faultEnv, prepareSite, type FaultEnv } from './world.ts';

describe('an instance killed under load, on PostgreSQL', { timeout: 180_000 }, () => {
  let postgres: RunningPostgres | undefined;
  let f: FaultEnv | undefined;
  const servers: ServeProcess[] = [];
  afterAll(async () => {
    servers.forEach((s) => s.kill());
    await postgres?.stop();
    if (f) fs.rmSync(f.dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged check-in, stores resent ones once, and the survivor keeps answering', async () => {
    postgres = await startPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-fault-pg-')));
    f = faultEnv({ databaseUrl: postgres.url });
    const token = await prepareSite(f);
    const [victim, survivor] = await Promise.all([spawnServe({ env: f.env, cwd: f.dataDir, timeoutMs: 90_000 }), spawnServe({ env: f.env, cwd: f.dataDir, timeoutMs: 90_000 })]);
    servers.push(victim, survivor);

    let stopping = false;
    const { run, done } = startPhones({ urls: [victim.url, survivor.url], phones: 16, token, stopping: () => stopping, finishWithinMs: 20_000 });
    // Kill once both instances have acknowledged a fair number, with the phones' next submissions in flight.
    await until(() => run.answers.filter((a) => a.url === victim.url && a.status === 201).length >= 150, 40_000, 'acknowledgements from the victim');
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await victim.exited;
    const ackedAtKill = run.acked.size;
    // The survivor takes the whole load for a while.
    await until(() => run.acked.size >= ackedAtKill + 300, 30_000, 'the survivor to acknowledge 300 more');
    stopping = true;
    await done;

    expect(run.unanswered, 'submissions never acknowledged').toEqual(new Set());
    expect(run.conflicting, 'keys acknowledged with two ids').toEqual([]);
    const fromSurvivor = run.answers.filter((a) => a.url === survivor.url);
    expect(fromSurvivor.filter((a) => a.status >= 500 || a.status === 0), 'failures from the survivor').toEqual([]);
    expect(fromSurvivor.filter((a) => a.at > killedAt && a.status === 201).length).toBeGreaterThan(0);
    // The kill caught submissions in flight: they failed on the victim and were resent to the survivor.
    const failedOnVictim = new Set(run.answers.filter((a) => a.url === victim.url && a.status === 0).map((a) => a.key));
    expect(failedOnVictim.size).toBeGreaterThan(0);
    expect([...failedOnVictim].every((k) => run.acked.has(k))).toBe(true);

    await expectAcknowledgedStoredOnce({ databaseUrl: postgres.url }, run);
    // Every submission sent ended acknowledged, so there is exactly one row for each.
    expect(run.acked.size).toBe(run.sent.size);
  });
});
