// Uploads left in the mapping step: after a day their file (its chunks in the database) is removed and the import says why, on both engines.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ManualClock } from '../../src/core/clock.ts';
import { expireUploads } from '../../src/modules/imports/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { buildTestApp } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`uploads never started on ${dialect}`, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 8, 0, 0));
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session;

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { clock });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      app = await buildTestApp(rt);
      analyst = await login(app, 'analyst-a');
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
    });

    const upload = async () => {
      const res = await as(app, analyst).post('/api/v1/imports/uploads?fileName=list.csv', Buffer.from('姓名,手机号\n赵一,13900002222\n'), { 'content-type': 'application/octet-stream' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const row = (id: string) => rt.database.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const chunks = async (id: string) => (await rt.database.db.selectFrom('uploadChunks').select('seq').where('importId', '=', id).execute()).length;

    it('removes the file of an upload not started within a day, and keeps the younger ones', async () => {
      const old = await upload();
      expect(await row(old)).toMatchObject({ filePath: null });
      expect(await chunks(old)).toBe(1);
      clock.advance(23 * HOUR);
      analyst = await login(app, 'analyst-a'); // the first session has timed out meanwhile
      const young = await upload();
      expect(await expireUploads(rt.ctx)).toBe(0);
      clock.advance(2 * HOUR);
      expect(await expireUploads(rt.ctx)).toBe(1);
      expect(await chunks(old)).toBe(0);
      expect(await row(old)).toMatchObject({ status: 'failed', error: 'import.upload_expired', filePath: null });
      expect(await chunks(young)).toBe(1);
      analyst = await login(app, 'analyst-a');
      const view = (await as(app, analyst).get(`/api/v1/imports/${old}`)).json();
      expect(view).toMatchObject({ status: 'failed', error: 'import.upload_expired' });
      // an expired upload cannot be started any more
      const start = await as(app, analyst).post(`/api/v1/imports/${old}/start`, { list: 'x', columns: { name: '姓名', phone: '手机号' } });
      expect(start.statusCode).toBeGreaterThanOrEqual(400);
      expect(start.statusCode).toBeLessThan(500);
    });
  });
}
