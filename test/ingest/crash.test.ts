// A crash in the middle of a load loses no acknowledged check-in: the server process is killed hard (SIGKILL)
// while check-ins stream in, restarted, and every check-in that got a 201 is found, once, with the alerts it raised.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createWebhook } from '../../src/modules/notifications/service.ts';
import { bootstrapAdministrator } from '../../src/modules/users/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { spawnServe, type ServeProcess } from '../cli/run.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, seedOrgTree } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';

async function prepare(t: TestEnv): Promise<string> {
  const rt = await openRuntime(loadConfig(t.env, t.dataDir));
  try {
    await bootstrapAdministrator(rt.ctx, { password: 'Crash-test-pass-1', regionCode: '150000', regionName: '内蒙古自治区' });
    await seedOrgTree(rt.ctx);
    const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '压力测试卡口' });
    // An endpoint nobody listens on: its deliveries wait and retry; what matters here is that they exist.
    await createWebhook(rt.ctx, operator, { orgCode: '150102', name: '压力测试群', kind: 'generic', url: 'http://127.0.0.1:9/alerts', events: ['flagged'] });
    return site.url.split('/r/')[1];
  } finally {
    await rt.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`crash during ingest on ${dialect}`, { timeout: 180_000 }, () => {
    let server: ServeProcess | undefined;
    let t: TestEnv | undefined;
    afterEach(() => {
      server?.kill();
      t?.cleanup();
    });

    it('keeps every acknowledged check-in through SIGKILL, and stores resent ones once', async () => {
      t = await testEnv(dialect, { LOG_LEVEL: 'warn' });
      const token = await prepare(t);
      server = await spawnServe({ env: t.env, cwd: t.dataDir });
      const url = `${server.url}/api/v1/checkins`;
      const acked = new Map<string, string>(); // key -> id
      const flagged = new Set<string>(); // keys of check-ins sent with a fever
      const sent: { key: string; body: object }[] = [];
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const fever = sent.length % 3 === 0;
          const body = { token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '150103', ...(fever && { temperature: 38.5 }) };
          sent.push({ key: body.key, body });
          if (fever) flagged.add(body.key);
          try {
            const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
            if (res.status === 201) acked.set(body.key, ((await res.json()) as { id: string }).id);
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      // Kill once a good number of check-ins have been acknowledged, with many still in flight.
      while (acked.size < 150) await new Promise((r) => setTimeout(r, 20));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await server.exited;
      expect(acked.size).toBeGreaterThanOrEqual(150);

      server = await spawnServe({ env: t.env, cwd: t.dataDir });
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        const ids = [...acked.values()];
        const found = new Set<string>();
        for (let i = 0; i < ids.length; i += 500) {
          const rows = await rt.database.db.selectFrom('checkins').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
          rows.forEach((r) => found.add(r.id));
        }
        expect(ids.filter((id) => !found.has(id))).toEqual([]);
        // Every acknowledged flagged check-in has its alert queued: they were committed together.
        const flaggedIds = [...acked].filter(([key]) => flagged.has(key)).map(([, id]) => id);
        expect(flaggedIds.length).toBeGreaterThan(0);
        const alerted = new Set((await rt.database.db.selectFrom('webhookDeliveries').select('subjectId').execute()).map((r) => r.subjectId));
        expect(flaggedIds.filter((id) => !alerted.has(id))).toEqual([]);

        // The phone resends whatever it is unsure of: acknowledged ones answer with their id, the rest are stored once.
        for (const { key, body } of sent) {
          const res = await fetch(`${server.url}/api/v1/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          expect(res.status).toBe(201);
          const { id } = (await res.json()) as { id: string };
          if (acked.has(key)) expect(id).toBe(acked.get(key));
        }
        const total = Number((await rt.database.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        expect(total).toBe(new Set(sent.map((s) => s.key)).size);
      } finally {
        await rt.close();
      }
    });
  });
}
