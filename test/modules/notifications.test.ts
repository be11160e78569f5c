// Group-chat and webhook alerts against a local endpoint: formats and signatures, retries with back-off, the
// delivery record, scope, and that neither a slow endpoint nor the alert work slows a registration.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckinEvent } from '../../src/core/events.ts';
import { claimDelivery, claimDue } from '../../src/modules/notifications/store.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';
import { eventually, WebhookServer } from '../helpers/webhook-server.ts';

interface Delivery {
  id: string;
  event: string;
  subjectId: string | null;
  summary: string;
  status: string;
  attempts: number;
  nextAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  sentAt: string | null;
}

for (const dialect of DIALECTS) {
  describe(`notifications on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let hooks: WebhookServer;
    let adminA: Session;
    let adminB: Session;
    const token = { A: '', B: '' };
    const created: { id: string; by: Session }[] = [];

    beforeAll(async () => {
      // Short waits so retries run within the test; the defaults are seconds to hours.
      rt = await createTestRuntime(dialect, {
        configure: (c) => ({ ...c, notifications: { ...c.notifications, timeoutMs: 500, maxAttempts: 3, backoffMs: [30, 60], pollMs: 25, robotIntervalMs: 300 } }),
      });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'admin-a', 'admin', ['150102']);
      await seedUser(rt.ctx, 'admin-b', 'admin', ['150202']);
      await seedUser(rt.ctx, 'commander-a', 'commander', ['150102']);
      await seedUser(rt.ctx, 'officer-a', 'officer', ['150102']);
      // Site A in a community below county A: the county's hooks hear it.
      token.A = (await createSite(rt.ctx, operator, { orgCode: '150102001001', kind: 'checkpoint', name: '阳光社区卡口' })).url.split('/r/')[1];
      token.B = (await createSite(rt.ctx, operator, { orgCode: '150202', kind: 'checkpoint', name: '东河区卡口' })).url.split('/r/')[1];
      hooks = await new WebhookServer().start();
      app = await buildTestApp(rt);
      adminA = await login(app, 'admin-a');
      adminB = await login(app, 'admin-b');
    });
    afterEach(async () => {
      // Each test's hooks go, so the next test's alerts reach only its own.
      for (const h of created.splice(0)) await as(app, h.by).delete(`/api/v1/webhooks/${h.id}`);
      hooks.release();
      hooks.failNext = 0;
      hooks.refuseNext = 0;
      hooks.tooFastNext = 0;
      rt.config.notifications.maxAttempts = 3;
      rt.config.notifications.robotIntervalMs = 300;
    });
    afterAll(async () => {
      await app?.close();
      await hooks?.close();
      await rt?.dispose();
    });

    const addHook = async (body: object, by = adminA) => {
      const res = await as(app, by).post('/api/v1/webhooks', { orgCode: '150102', events: ['flagged', 'decision'], ...body });
      expect(res.statusCode, res.body).toBe(201);
      created.push({ id: res.json().id, by });
      return res.json() as { id: string; urlHint: string; hasSecret: boolean };
    };
    const checkin = async (site: 'A' | 'B', extra: object = {}) => {
      const person = syntheticPerson('王小明');
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/checkins',
        payload: { token: token[site], key: idemKey(), direction: 'in', person, origin: '150102', destination: '150102', ...extra },
      });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id as string, person };
    };
    const fever = (site: 'A' | 'B' = 'A') => checkin(site, { temperature: 38.4 });
    const deliveries = async (hookId: string, by = adminA): Promise<Delivery[]> => {
      const res = await as(app, by).get(`/api/v1/webhooks/${hookId}/deliveries?limit=200`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items;
    };
    const settled = (hookId: string, subjectId: string, status = 'sent') =>
      eventually(async () => (await deliveries(hookId)).find((d) => d.subjectId === subjectId && d.status === status), `${status} delivery of ${subjectId}`);
    const expectNoClearValues = (text: string, person: { name: string; idNumber: string; phone: string }) => {
      for (const clear of [person.name, person.idNumber, person.phone, person.idNumber.slice(0, 10), person.phone.slice(3, 9)]) expect(text).not.toContain(clear);
    };

    it('sends a WeCom robot message in Markdown, masked, with the site, the flags in words and the console link', async () => {
      const hook = await addHook({ kind: 'wecom', name: '新城区防控群', url: hooks.url('/wecom?key=robot-key-1') });
      expect(hook.urlHint).toBe(`${hooks.url('')}/…`);
      expect(JSON.stringify(hook)).not.toContain('robot-key-1');
      const { id, person } = await fever();
      const delivery = await settled(hook.id, id);
      expect(delivery).toMatchObject({ event: 'flagged', attempts: 1, lastStatus: 200, lastError: null });
      const [req] = hooks.to('/wecom');
      expect(req.query.get('key')).toBe('robot-key-1');
      const body = JSON.parse(req.body);
      expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
      expect(body.msgtype).toBe('markdown');
      const content: string = body.markdown.content;
      expect(content).toContain('发热');
      expect(content).toContain('阳光社区卡口');
      expect(content).toContain(`${rt.config.publicUrl}/console/checkins?id=${id}`);
      expect(content).toContain(person.idNumber.slice(-4)); // the masked number keeps its last four
      expectNoClearValues(req.body, person);
      // The stored address is sealed: the robot's key is not in the database row.
      const row = await rt.database.db.selectFrom('webhooks').selectAll().where('id', '=', hook.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain('robot-key-1');
    });

    it('signs DingTalk robot messages with timestamp and sign that verify with the secret', async () => {
      const secret = 'SECsynthetic0123456789abcdef';
      const hook = await addHook({ kind: 'dingtalk', name: '钉钉群', url: hooks.url('/ding?access_token=tok-1'), secret });
      expect(hook.hasSecret).toBe(true);
      const { id, person } = await fever();
      await settled(hook.id, id);
      const [req] = hooks.to('/ding');
      expect(req.query.get('access_token')).toBe('tok-1');
      const timestamp = req.query.get('timestamp')!;
      expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(3_600_000); // DingTalk refuses more than an hour off
      const expected = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      expect(req.query.get('sign')).toBe(expected);
      const body = JSON.parse(req.body);
      expect(body.msgtype).toBe('markdown');
      expect(body.markdown.title).toContain('预警');
      expect(body.markdown.text).toContain(id);
      expectNoClearValues(req.body, person);
    });

    it('posts the documented JSON to a generic webhook with a verifiable signature and a stable delivery id', async () => {
      const secret = 'generic-secret-42';
      const hook = await addHook({ kind: 'generic', name: 'GIS 平台', url: hooks.url('/generic'), secret, events: ['flagged'] });
      const { id, person } = await fever();
      const delivery = await settled(hook.id, id);
      const [req] = hooks.to('/generic');
      const timestamp = req.headers['x-tracegrid-timestamp'] as string;
      const signature = crypto.createHmac('sha256', secret).update(`${timestamp}.${req.body}`).digest('hex');
      expect(req.headers['x-tracegrid-signature']).toBe(`sha256=${signature}`);
      expect(req.headers['x-tracegrid-delivery']).toBe(delivery.id);
      expect(req.headers['x-tracegrid-event']).toBe('flagged');
      const body = JSON.parse(req.body);
      expect(body).toMatchObject({
        event: 'flagged',
        site: { name: '阳光社区卡口', orgUnit: '阳光社区' },
        checkin: { id, kind: 'checkpoint', direction: 'in', flags: ['fever'], people: 1 },
        link: `${rt.config.publicUrl}/console/checkins?id=${id}`,
      });
      expect(body.checkin.person.idNumber).toMatch(/^\d{3}\*+\d{3}[\dX]$/);
      expectNoClearValues(req.body, person);
    });

    it('alerts on flagged check-ins only, queued in the same commit as the check-in; events on the bus (relayed from another instance) queue nothing', async () => {
      const hook = await addHook({ kind: 'generic', name: 'relay check', url: hooks.url('/relay') });
      const plain = await checkin('A');
      const relayed: CheckinEvent = {
        id: '01RELAYEDFROMANOTHERINST0', groupId: '01RELAYEDFROMANOTHERINST0', site: 'X', siteId: 'x', orgPath: '/', kind: 'checkpoint', direction: 'in',
        at: Date.now(), flags: ['fever'], people: 1, person: { name: '王*', idNumber: null, phone: null }, relayed: true,
      };
      const unit = await rt.database.db.selectFrom('orgUnits').select('path').where('code', '=', '150102001001').executeTakeFirstOrThrow();
      rt.ctx.events.emit('checkin', { ...relayed, orgPath: unit.path });
      const flagged = await fever();
      // Acknowledged means committed with its alert: the delivery is there when the answer is, whatever the sender does.
      const queued = await rt.database.db.selectFrom('webhookDeliveries').select(['subjectId', 'event']).where('webhookId', '=', hook.id).execute();
      expect(queued).toEqual([{ subjectId: flagged.id, event: 'flagged' }]);
      await settled(hook.id, flagged.id);
      expect((await deliveries(hook.id)).map((d) => d.subjectId)).toEqual([flagged.id]);
      expect(hooks.to('/relay').map((r) => JSON.parse(r.body).checkin.id)).not.toContain(plain.id);
    });

    it("gives a unit's hook the alerts of its own subtree only", async () => {
      const a = await addHook({ kind: 'generic', name: 'A', url: hooks.url('/unit-a') });
      const b = await addHook({ kind: 'generic', name: 'B', url: hooks.url('/unit-b'), orgCode: '150202' }, adminB);
      const fromA = await fever('A');
      const fromB = await fever('B');
      await settled(a.id, fromA.id);
      await eventually(async () => (await deliveries(b.id, adminB)).find((d) => d.subjectId === fromB.id && d.status === 'sent'), 'B delivered');
      expect((await deliveries(a.id)).map((d) => d.subjectId)).toEqual([fromA.id]);
      expect((await deliveries(b.id, adminB)).map((d) => d.subjectId)).toEqual([fromB.id]);
      expect(hooks.to('/unit-a').map((r) => JSON.parse(r.body).checkin.id)).toEqual([fromA.id]);
    });

    it('retries a failing endpoint with back-off and records each attempt until it is sent', async () => {
      const hook = await addHook({ kind: 'wecom', name: 'flaky', url: hooks.url('/flaky?key=k') });
      hooks.failNext = 1;
      hooks.refuseNext = 1; // 200 with a non-zero errcode is a failure too
      const { id } = await fever();
      const delivery = await settled(hook.id, id);
      expect(delivery).toMatchObject({ status: 'sent', attempts: 3, lastStatus: 200, lastError: null, nextAt: null });
      expect(hooks.to('/flaky')).toHaveLength(3);
    });

    it('gathers a burst of flagged check-ins into a few robot messages, paced, naming every check-in, masked', async () => {
      rt.config.notifications.robotIntervalMs = 2_000; // long enough for the whole burst to be due at the second message
      const hook = await addHook({ kind: 'wecom', name: 'burst', url: hooks.url('/burst?key=b'), events: ['flagged'] });
      const burst = await Promise.all(Array.from({ length: 12 }, () => fever()));
      for (const c of burst) await settled(hook.id, c.id);
      expect((await deliveries(hook.id)).every((d) => d.status === 'sent')).toBe(true);
      const messages = hooks.to('/burst').map((r) => JSON.parse(r.body).markdown.content as string);
      // The first message goes at once with what was committed by then (the check-in writer's first batch: usually
      // most of the burst, sometimes one); the rest wait for the pause and go together, at most 10 to a message.
      // Usually 2; 3 when the first went alone or a loaded machine spread the burst beyond one pause.
      expect(messages.length).toBeLessThanOrEqual(3);
      const all = messages.join('\n');
      for (const c of burst) {
        expect(all).toContain(`${rt.config.publicUrl}/console/checkins?id=${c.id}`);
        expectNoClearValues(all, c.person);
      }
      expect(messages.some((m) => /【预警】\d+ 条 · 阳光社区卡口/.test(m))).toBe(true);
    });

    it("retries a robot's too-fast answer after the pause, without counting it as an attempt", async () => {
      const hook = await addHook({ kind: 'wecom', name: 'too fast', url: hooks.url('/too-fast?key=f') });
      hooks.tooFastNext = 1;
      const { id } = await fever();
      const delivery = await settled(hook.id, id);
      expect(delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      expect(hooks.to('/too-fast')).toHaveLength(2);
    });

    it('gives up after the last attempt, shows why, and sends again on request', async () => {
      const hook = await addHook({ kind: 'generic', name: 'down', url: hooks.url('/down') });
      hooks.failNext = 1_000;
      const { id } = await fever();
      const failed = await settled(hook.id, id, 'failed');
      expect(failed).toMatchObject({ attempts: 3, lastStatus: 500, nextAt: null, sentAt: null });
      expect(failed.lastError).toContain('HTTP 500');
      expect(hooks.to('/down')).toHaveLength(3);
      // Retrying is for administrators of the hook's unit.
      expect((await as(app, await login(app, 'commander-a')).post(`/api/v1/webhook-deliveries/${failed.id}/retry`)).statusCode).toBe(403);
      expect((await as(app, adminB).post(`/api/v1/webhook-deliveries/${failed.id}/retry`)).statusCode).toBe(404);
      hooks.failNext = 0;
      const retried = await as(app, adminA).post(`/api/v1/webhook-deliveries/${failed.id}/retry`);
      expect(retried.statusCode, retried.body).toBe(200);
      const sent = await settled(hook.id, id);
      expect(sent).toMatchObject({ attempts: 4, lastStatus: 200 });
      expect((await as(app, adminA).post(`/api/v1/webhook-deliveries/${failed.id}/retry`)).statusCode).toBe(409);
    });

    it('answers registrations while an endpoint hangs, and records the timeout', async () => {
      rt.config.notifications.maxAttempts = 50; // keeps retrying while the test looks (restored after)
      const hook = await addHook({ kind: 'generic', name: 'slow', url: hooks.url('/slow') });
      hooks.hang = true;
      const first = await fever();
      await eventually(() => hooks.to('/slow').length >= 1, 'the endpoint holds the first alert');
      // A request to the endpoint is out and unanswered, and a second registration is answered all the same.
      const second = await fever();
      expect(hooks.answered('/slow')).toBe(0);
      const waiting = await eventually(async () => (await deliveries(hook.id)).find((d) => d.subjectId === first.id && d.status === 'retrying'), 'first alert timed out');
      expect(waiting.lastError).toMatch(/no answer within/);
      hooks.release();
      await settled(hook.id, first.id);
      await settled(hook.id, second.id);
    });

    it('lets one of two racing senders claim a delivery, and another take it up once the claim expires', async () => {
      const hook = await addHook({ kind: 'generic', name: 'claims', url: hooks.url('/claims') });
      // Due an hour from now, so this instance's own sender leaves it alone.
      const due = Date.now() + 3_600_000;
      const id = `01CLAIMTEST${dialect.toUpperCase()}`.padEnd(26, '0');
      await rt.database.db.insertInto('webhookDeliveries').values({
        id, webhookId: hook.id, orgPath: '/', event: 'flagged', subjectId: null, payload: '{}', status: 'pending', attempts: 0,
        nextAt: due, leaseUntil: null, lastStatus: null, lastError: null, createdAt: due, updatedAt: due, sentAt: null,
      }).execute();
      const lease = due + 10_000;
      const claims = await Promise.all(Array.from({ length: 4 }, () => claimDue(rt.database.db, due, lease, 10)));
      expect(claims.filter((ids) => ids.includes(id))).toHaveLength(1);
      expect(await claimDelivery(rt.database.db, id, lease - 1, lease + 5_000)).toBe(false); // still held
      expect(await claimDelivery(rt.database.db, id, lease + 1, lease + 20_000)).toBe(true); // its sender died: taken up
    });

    it('alerts on decisions to hold or refer, not on letting pass', async () => {
      const hook = await addHook({ kind: 'wecom', name: 'decisions', url: hooks.url('/decision?key=d'), events: ['decision'] });
      const { id, person } = await fever();
      const officer = as(app, await login(app, 'officer-a'));
      expect((await officer.post(`/api/v1/checkins/${id}/decisions`, { decision: 'pass' })).statusCode).toBe(201);
      expect((await officer.post(`/api/v1/checkins/${id}/decisions`, { decision: 'hold' })).statusCode).toBe(201);
      const delivery = await settled(hook.id, id);
      expect(delivery.event).toBe('decision');
      expect((await deliveries(hook.id)).filter((d) => d.subjectId === id)).toHaveLength(1); // flagged is not among its events
      const content: string = JSON.parse(hooks.to('/decision')[0].body).markdown.content;
      expect(content).toContain('留验');
      expect(content).toContain('officer-a');
      expect(content).toContain('发热');
      expectNoClearValues(content, person);
    });

    it('sends a test message on request and answers with its outcome', async () => {
      const hook = await addHook({ kind: 'wecom', name: 'test me', url: hooks.url('/test?key=t') });
      const ok = await as(app, adminA).post(`/api/v1/webhooks/${hook.id}/test`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ event: 'test', status: 'sent', attempts: 1 });
      expect(JSON.parse(hooks.to('/test')[0].body).markdown.content).toContain('测试消息');
      hooks.refuseNext = 1;
      const refused = (await as(app, adminA).post(`/api/v1/webhooks/${hook.id}/test`)).json();
      expect(refused).toMatchObject({ status: 'failed', attempts: 1, lastError: 'errcode 310000: sign not match' });
    });

    it('lets administrators manage hooks of their scope, commanders read them, and sends nothing to a disabled hook', async () => {
      const a = as(app, adminA);
      expect((await a.post('/api/v1/webhooks', { orgCode: '150102', kind: 'wecom', name: 'x', url: 'http://qyapi.weixin.qq.com/x', events: ['flagged'] })).json().error.code).toBe('webhook.invalid_url');
      expect((await a.post('/api/v1/webhooks', { orgCode: '150102', kind: 'wecom', name: 'x', url: hooks.url('/x'), secret: 's', events: ['flagged'] })).json().error.code).toBe('webhook.secret_not_used');
      expect((await a.post('/api/v1/webhooks', { orgCode: '150202', kind: 'generic', name: 'x', url: hooks.url('/x'), events: ['flagged'] })).statusCode).toBe(404);
      const hook = await addHook({ kind: 'generic', name: 'managed', url: hooks.url('/managed') });
      const commander = as(app, await login(app, 'commander-a'));
      expect((await commander.get('/api/v1/webhooks')).json().items.map((h: { id: string }) => h.id)).toContain(hook.id);
      expect((await commander.patch(`/api/v1/webhooks/${hook.id}`, { disabled: true })).statusCode).toBe(403);
      expect((await as(app, await login(app, 'officer-a')).get('/api/v1/webhooks')).statusCode).toBe(403);
      expect((await as(app, adminB).get(`/api/v1/webhooks/${hook.id}`)).statusCode).toBe(404);

      const patched = await a.patch(`/api/v1/webhooks/${hook.id}`, { disabled: true, name: 'managed (off)', secret: 'new-secret' });
      expect(patched.json()).toMatchObject({ disabled: true, name: 'managed (off)', hasSecret: true });
      const control = await addHook({ kind: 'generic', name: 'control', url: hooks.url('/control') });
      const { id } = await fever();
      await settled(control.id, id);
      expect(await deliveries(hook.id)).toEqual([]);
      expect(hooks.to('/managed')).toHaveLength(0);

      const audit = await rt.database.db.selectFrom('auditLog').select(['action', 'detail']).where('targetId', '=', hook.id).orderBy('seq').execute();
      expect(audit.map((e) => e.action)).toEqual(['webhook.create', 'webhook.update']);
      expect(JSON.stringify(audit)).not.toContain('new-secret');
    });
  });
}
