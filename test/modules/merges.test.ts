// Merge candidates of the person master index: proposed for records of one person typed differently, accepted
// (merged), undone and decided again, rejected; scoped to the analyst's county; every decision audited.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/context.ts';
import { proposeCandidates } from '../../src/modules/matching/service.ts';
import { keyRecord, newPersonRow, resolvePersons, type PersonRecord } from '../../src/modules/people/service.ts';
import { insertPersons, mergedGroup, rootOf } from '../../src/modules/people/store.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const PHONE = '13912345678';

for (const dialect of DIALECTS) {
  describe(`merges on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analystA: Session;
    let analystB: Session; // county B1
    let commanderA: Session;
    let pathA: string;
    const ids: Record<string, string> = {};
    const idNumber = syntheticId('19900101');

    const person = async (r: Partial<PersonRecord> & { name: string }) => {
      const keyed = keyRecord(rt.ctx, { idType: r.idNumber ? 'resident_id' : null, idNumber: null, phone: null, ...r });
      return (await resolvePersons(rt.ctx, [keyed], 'import')).personIds[0];
    };
    const candidates = async (s: Session, status = 'open') => {
      const res = await as(app, s).get(`/api/v1/merge-candidates?status=${status}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as Array<{ id: string; score: number; status: string; reasons: Array<{ kind: string }>; a: { id: string; name: string; phone: string }; b: { id: string } }>;
    };
    const pairOf = async (x: string, y: string, status = 'open') => (await candidates(analystA, status)).find((c) => [c.a.id, c.b.id].sort().join() === [x, y].sort().join());

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await seedUser(rt.ctx, 'analyst-b', 'analyst', ['150202']);
      await seedUser(rt.ctx, 'commander-a', 'commander', ['150102']);
      pathA = (await rt.database.db.selectFrom('orgUnits').select('path').where('code', '=', '150102').executeTakeFirstOrThrow()).path;
      app = await buildTestApp(rt);
      [analystA, analystB, commanderA] = await Promise.all(['analyst-a', 'analyst-b', 'commander-a'].map((u) => login(app, u)));
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('proposes records typed differently (pinyin-equal name, same phone), and nobody unrelated', async () => {
      ids.zhang = await person({ name: '张三', idNumber, phone: PHONE });
      ids.latin = await person({ name: 'Zhang San', phone: PHONE });
      ids.li = await person({ name: '李四', phone: '13800001111' });
      ids.otherZhang = await person({ name: '章三', phone: '13700002222', birthDate: '1971-05-05' });
      const subjects = [ids.latin, ids.li, ids.otherZhang].map((personId) => ({ personId }));
      expect(await proposeCandidates(rt.ctx, subjects, pathA)).toBe(1);
      // Inside the caller's transaction, as the import engine calls it; a pair proposed before is not proposed again.
      expect(await inTransaction(rt.ctx, (tx) => proposeCandidates(tx, subjects, pathA))).toBe(0);

      const rows = await rt.database.db.selectFrom('mergeCandidates').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect([rows[0].personA, rows[0].personB]).toEqual([ids.zhang, ids.latin].sort());
      expect(rows[0].personA < rows[0].personB).toBe(true);

      const [c] = await candidates(analystA);
      expect(c.score).toBeGreaterThanOrEqual(0.55);
      expect(c.reasons.map((r) => r.kind)).toEqual(['name_pinyin', 'phone']);
      const zhang = c.a.id === ids.zhang ? c.a : (c.b as typeof c.a);
      expect(zhang).toMatchObject({ name: '张*', phone: '139****5678', birthYear: 1990, source: 'import', mergedInto: null });
      expect(JSON.stringify(c)).not.toContain(idNumber);
      expect(JSON.stringify(c)).not.toContain(PHONE);
    });

    it('always proposes a record kept apart for its document, with the reason same_document', async () => {
      // What the import engine does with a row whose document is indexed under a name that sounds different.
      const keyed = { ...keyRecord(rt.ctx, { name: '王五', idType: 'resident_id', idNumber, phone: '13600003333' }), idBidx: null };
      const row = newPersonRow(rt.ctx, keyed, 'import');
      await insertPersons(rt.ctx.db, [row]);
      ids.wang = row.id;
      expect(await proposeCandidates(rt.ctx, [{ personId: ids.wang, conflictWith: ids.zhang }], pathA)).toBe(1);
      const c = await pairOf(ids.wang, ids.zhang);
      expect(c?.reasons.map((r) => r.kind)).toContain('same_document');
    });

    it('keeps the candidates of one county from the analysts of another', async () => {
      expect(await candidates(analystB)).toEqual([]);
      const c = (await pairOf(ids.zhang, ids.latin))!;
      expect((await as(app, analystB).post(`/api/v1/merge-candidates/${c.id}/accept`, {})).statusCode).toBe(404);
      expect((await as(app, analystB).post(`/api/v1/merge-candidates/${c.id}/reject`)).statusCode).toBe(404);
      // Commanders read but do not decide.
      expect(await candidates(commanderA)).toHaveLength(2);
      expect((await as(app, commanderA).post(`/api/v1/merge-candidates/${c.id}/accept`, {})).statusCode).toBe(403);
      expect((await pairOf(ids.zhang, ids.latin))!.status).toBe('open');
    });

    let mergeId = '';
    it('accepts a merge: the record with a document is kept, and stands for both', async () => {
      const c = (await pairOf(ids.zhang, ids.latin))!;
      const res = await as(app, analystA).post(`/api/v1/merge-candidates/${c.id}/accept`, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ candidateId: c.id, kept: { id: ids.zhang }, merged: { id: ids.latin, mergedInto: ids.zhang }, by: 'analyst-a', undoneAt: null });
      mergeId = res.json().id;
      expect(await rootOf(rt.ctx.db, ids.latin)).toBe(ids.zhang);
      expect((await mergedGroup(rt.ctx.db, ids.zhang)).map((p) => p.id).sort()).toEqual([ids.zhang, ids.latin].sort());
      expect((await pairOf(ids.zhang, ids.latin, 'accepted'))?.status).toBe('accepted');
      expect((await as(app, analystA).post(`/api/v1/merge-candidates/${c.id}/accept`, {})).json().error.code).toBe('merge.already_decided');

      const merges = (await as(app, analystA).get('/api/v1/merges')).json();
      expect(merges.items.map((m: { id: string }) => m.id)).toEqual([mergeId]);
      expect((await as(app, analystB).get('/api/v1/merges')).json().items).toEqual([]);
    });

    it('refuses to merge a record already merged into another', async () => {
      ids.third = await person({ name: 'San Zhang', phone: PHONE });
      expect(await proposeCandidates(rt.ctx, [{ personId: ids.third }], pathA)).toBe(1); // against the kept record only
      const c = (await pairOf(ids.zhang, ids.third))!;
      expect(c).toBeDefined();
      await as(app, analystA).post(`/api/v1/merge-candidates/${c.id}/reject`);
      // A stale candidate naming the merged record: made by hand, as an older proposal would be.
      await rt.database.db
        .insertInto('mergeCandidates')
        .values({ id: 'stale-1', personA: [ids.latin, ids.third].sort()[0], personB: [ids.latin, ids.third].sort()[1], orgPath: pathA, score: 0.7, reasons: '[]', status: 'open', createdAt: 1, decidedBy: null, decidedAt: null })
        .execute();
      const res = await as(app, analystA).post('/api/v1/merge-candidates/stale-1/accept', { keep: 'a' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('merge.not_root');
      await as(app, analystA).post('/api/v1/merge-candidates/stale-1/reject');
    });

    it('undoes a merge: both are their own again, and the candidate can be decided again', async () => {
      expect((await as(app, analystB).post(`/api/v1/merges/${mergeId}/undo`)).statusCode).toBe(404);
      expect((await as(app, commanderA).post(`/api/v1/merges/${mergeId}/undo`)).statusCode).toBe(403);
      const res = await as(app, analystA).post(`/api/v1/merges/${mergeId}/undo`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: mergeId, undoneBy: 'analyst-a', merged: { id: ids.latin, mergedInto: null } });
      expect(res.json().undoneAt).not.toBeNull();
      expect(await rootOf(rt.ctx.db, ids.latin)).toBe(ids.latin);
      expect(await rootOf(rt.ctx.db, ids.zhang)).toBe(ids.zhang);
      expect((await mergedGroup(rt.ctx.db, ids.zhang)).map((p) => p.id)).toEqual([ids.zhang]);
      expect((await as(app, analystA).post(`/api/v1/merges/${mergeId}/undo`)).json().error.code).toBe('merge.already_undone');

      const c = (await pairOf(ids.zhang, ids.latin, 'undone'))!;
      expect(c.status).toBe('undone');
      const again = await as(app, analystA).post(`/api/v1/merge-candidates/${c.id}/accept`, { keep: c.a.id === ids.latin ? 'a' : 'b' });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ kept: { id: ids.latin }, merged: { id: ids.zhang } });
      expect(await rootOf(rt.ctx.db, ids.zhang)).toBe(ids.latin);
      expect((await as(app, analystA).get('/api/v1/merges')).json().items).toHaveLength(2);
    });

    it('rejects a candidate, once', async () => {
      const c = (await pairOf(ids.wang, ids.zhang))!;
      const res = await as(app, analystA).post(`/api/v1/merge-candidates/${c.id}/reject`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: c.id, status: 'rejected', decidedBy: 'analyst-a' });
      expect((await as(app, analystA).post(`/api/v1/merge-candidates/${c.id}/reject`)).statusCode).toBe(409);
      expect(await candidates(analystA)).toEqual([]);
      expect((await candidates(analystA, 'rejected')).map((x) => x.id)).toContain(c.id);
    });

    it('audits every decision with ids only, never personal values', async () => {
      const rows = await rt.database.db.selectFrom('auditLog').selectAll().where('action', 'like', 'merge.%').orderBy('seq').execute();
      expect(rows.map((r) => r.action)).toEqual(['merge.accept', 'merge.reject', 'merge.reject', 'merge.undo', 'merge.accept', 'merge.reject']);
      expect(rows.every((r) => r.orgPath === pathA && r.actorName === 'analyst-a')).toBe(true);
      expect(JSON.parse(rows[0].detail!)).toMatchObject({ keptId: ids.zhang, mergedId: ids.latin, mergeId });
      const text = JSON.stringify(rows);
      for (const clear of [idNumber, PHONE, '张三', 'Zhang San', '王五']) expect(text).not.toContain(clear);
    });
  });
}
