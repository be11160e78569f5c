// Work done by one instance at a time, and once per period: on PostgreSQL across two runtimes (two pools, as two
// instances would have) on one database; on SQLite (one server process) within the process.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { BackgroundPass } from '../../src/core/background-pass.ts';
import { runExclusive, runOncePerPeriod } from '../../src/core/job-lock.ts';
import { bootstrapAdministrator } from '../../src/modules/users/service.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A gate a held job waits on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

for (const dialect of DIALECTS) {
  describe(`job lock (${dialect})`, { timeout: 60_000 }, () => {
    const closers: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0).reverse()) await c();
    });

    /** Two instances' runtimes: on PostgreSQL two pools on one database; on SQLite the one server's runtime twice. */
    async function twoInstances(): Promise<[TestRuntime, Runtime]> {
      const a = await createTestRuntime(dialect);
      closers.push(() => a.dispose());
      if (dialect === 'sqlite') return [a, a];
      const b = await openRuntime(loadConfig(a.env, a.config.dataDir));
      closers.push(() => b.close());
      return [a, b];
    }

    it('runs on one instance while the other skips, and again once released', async () => {
      const [a, b] = await twoInstances();
      const g = gate();
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const held = runExclusive(a.ctx, 'test.job', async () => {
        started();
        await g.opened;
        return 'a';
      });
      await running;
      expect(await runExclusive(b.ctx, 'test.job', async () => 'b')).toEqual({ ran: false });
      expect(await runExclusive(b.ctx, 'test.other', async () => 'b')).toEqual({ ran: true, value: 'b' }); // another name is free
      g.open();
      expect(await held).toEqual({ ran: true, value: 'a' });
      expect(await runExclusive(b.ctx, 'test.job', async () => 'b')).toEqual({ ran: true, value: 'b' });
      // a job that throws releases the lock too
      await expect(runExclusive(a.ctx, 'test.job', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await runExclusive(b.ctx, 'test.job', async () => 'b')).toEqual({ ran: true, value: 'b' });
    });

    if (dialect === 'postgres') {
      it('is released when the holder’s connection dies', async () => {
        const [a, b] = await twoInstances();
        const g = gate();
        let started!: () => void;
        const running = new Promise<void>((r) => (started = r));
        const held = runExclusive(a.ctx, 'test.crash', async () => {
          started();
          await g.opened;
        });
        await running;
        try {
          expect(await runExclusive(b.ctx, 'test.crash', async () => 'b')).toEqual({ ran: false });
          // the holder's process is gone: its connection ends (as when an instance is killed)
          const { rows } = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_locks where locktype = 'advisory' and classid = ${0x7472} and granted`.execute(b.database.db);
          expect(rows[0].n).toBe(1);
          // the server releases the lock once that backend has exited: a moment after the signal
          let after: Awaited<ReturnType<typeof runExclusive<string>>> = { ran: false };
          for (let i = 0; i < 50 && !after.ran; i++) {
            if (i) await sleep(100);
            after = await runExclusive(b.ctx, 'test.crash', async () => 'b');
          }
          expect(after).toEqual({ ran: true, value: 'b' });
        } finally {
          g.open();
          await held.catch(() => {}); // the dead holder's unlock fails quietly
        }
      });
    }

    it('runs once per period across instances, and again after a run that threw', async () => {
      const [a, b] = await twoInstances();
      let runs = 0;
      const job = async () => ({ n: ++runs });
      expect(await runOncePerPeriod(a.ctx, 'test.daily', '2026-11-29', job)).toEqual({ ran: true, value: { n: 1 } });
      expect(await runOncePerPeriod(b.ctx, 'test.daily', '2026-11-29', job)).toEqual({ ran: false, reason: 'done' });
      expect(await runOncePerPeriod(a.ctx, 'test.daily', '2026-11-29', job)).toEqual({ ran: false, reason: 'done' });
      expect(await runOncePerPeriod(b.ctx, 'test.daily', '2026-11-30', job)).toEqual({ ran: true, value: { n: 2 } });
      // busy while another instance runs it
      const g = gate();
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const slow = runOncePerPeriod(a.ctx, 'test.daily', '2026-12-01', async () => {
        started();
        await g.opened;
        return job();
      });
      await running;
      expect(await runOncePerPeriod(b.ctx, 'test.daily', '2026-12-01', job)).toEqual({ ran: false, reason: 'busy' });
      g.open();
      expect(await slow).toEqual({ ran: true, value: { n: 3 } });
      // a run cut short is not recorded: the next try runs it
      await expect(runOncePerPeriod(a.ctx, 'test.daily', '2026-12-02', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
      expect(await runOncePerPeriod(b.ctx, 'test.daily', '2026-12-02', job)).toEqual({ ran: true, value: { n: 4 } });
      const rows = await a.ctx.db.selectFrom('jobRuns').select(['period', 'outcome']).where('name', '=', 'test.daily').orderBy('period').execute();
      expect(rows.map((r) => r.period)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    });

    it('runs an exclusive background pass in one instance at a time', async () => {
      const [a, b] = await twoInstances();
      let active = 0;
      let most = 0;
      let passes = 0;
      const pass = async () => {
        active++;
        most = Math.max(most, active);
        passes++;
        await sleep(80);
        active--;
      };
      const one = new BackgroundPass('test pass', 10, pass, undefined, { immediately: true, exclusive: { ctx: a.ctx, name: 'test.pass' } });
      const two = new BackgroundPass('test pass', 10, pass, undefined, { immediately: true, exclusive: { ctx: b.ctx, name: 'test.pass' } });
      one.start();
      two.start();
      await sleep(700);
      await Promise.all([one.stop(), two.stop()]);
      expect(most).toBe(1);
      expect(passes).toBeGreaterThanOrEqual(3);
    });

    it('makes one administrator when two instances start at once on an empty database', async () => {
      const [a, b] = await twoInstances();
      const boot = (rt: Runtime) => bootstrapAdministrator(rt.ctx, { password: 'Two-starts-pass-1', regionCode: '150000', regionName: '内蒙古自治区' });
      const results = await Promise.all([boot(a), boot(b)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const users = await a.ctx.db.selectFrom('users').select('username').execute();
      expect(users.map((u) => u.username)).toEqual(['admin']);
      expect(await boot(b)).toEqual({ created: false });
    });
  });
}
