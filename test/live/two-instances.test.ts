// Two server processes on one PostgreSQL: an officer connected to one sees, within a second, a check-in that
// arrived at the other (LISTEN/NOTIFY), and the decisions officers take there.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { spawnServe, type ServeProcess } from '../cli/run.ts';
import { testEnv, type TestEnv } from '../helpers/db.ts';
import { operator, PASSWORD, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { connectSse, type SseClient } from './sse.ts';

describe('two instances on one PostgreSQL', { timeout: 180_000 }, () => {
  const servers: ServeProcess[] = [];
  let stream: SseClient | undefined;
  let t: TestEnv | undefined;
  afterAll(() => {
    stream?.close();
    servers.forEach((s) => s.kill());
    t?.cleanup();
  });

  it('carries check-ins from one instance to the feeds of the other within a second', async () => {
    t = await testEnv('postgres', { LOG_LEVEL: 'warn' });
    const rt = await openRuntime(loadConfig(t.env, t.dataDir));
    let token: string;
    try {
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      token = (await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '两实例卡口' })).url.split('/r/')[1];
    } finally {
      await rt.close();
    }
    const [one, two] = await Promise.all([spawnServe({ env: t.env, cwd: t.dataDir }), spawnServe({ env: t.env, cwd: t.dataDir })]);
    servers.push(one, two);

    const loginRes = await fetch(`${one.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer-a', password: PASSWORD }) });
    expect(loginRes.status).toBe(200);
    const cookie = loginRes.headers.get('set-cookie')!.split(';')[0];
    stream = await connectSse(`${one.url}/api/v1/stream`, { cookie });

    const started = Date.now();
    const res = await fetch(`${two.url}/api/v1/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, key: idemKey(), direction: 'in', person: syntheticPerson('李四'), origin: '150102', destination: '150103' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const got = await stream.waitFor((e) => e.data.id === id, 1000);
    expect(Date.now() - started).toBeLessThan(1000 + 200); // the POST's own round trip included
    expect(got.data.person.name).toBe('李*');

    // a decision taken through the second instance reaches the feed on the first, once
    const csrf = ((await loginRes.json()) as { csrfToken: string }).csrfToken;
    const decided = await fetch(`${two.url}/api/v1/checkins/${id}/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ decision: 'hold' }),
    });
    expect(decided.status).toBe(201);
    const decision = (await decided.json()) as { id: string };
    await stream.waitFor((e) => e.event === 'decision' && e.data.id === decision.id, 1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(stream.events.filter((e) => e.data.id === decision.id)).toHaveLength(1);
  });
});
