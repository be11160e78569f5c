import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit, recordAudit, verifyAuditChain } from '../../src/core/audit.ts';
import { revealField } from '../../src/core/reveal.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';

const actor = { userId: 'u1', username: 'analyst-1', ip: '127.0.0.1' };

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect}`, () => {
    let rt: TestRuntime;
    afterEach(() => rt?.dispose());

    async function writeEntries(n: number) {
      rt = await createTestRuntime(dialect);
      for (let i = 0; i < n; i++) {
        await recordAudit(rt.ctx, actor, { action: `test.action${i}`, targetType: 'thing', targetId: `t${i}`, orgPath: '/R/A/', detail: { i } });
      }
    }

    it('chains entries and verifies an intact log', async () => {
      await writeEntries(5);
      expect(await verifyAuditChain(rt.ctx)).toEqual({ ok: true, checked: 5, firstBroken: null, reason: null });
    });

    it('keeps the chain whole under concurrent appends', async () => {
      rt = await createTestRuntime(dialect);
      await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(rt.ctx, actor, { action: `c${i}` })));
      const check = await verifyAuditChain(rt.ctx);
      expect(check.ok).toBe(true);
      expect(check.checked).toBe(20);
    });

    it('detects an edited entry and names it', async () => {
      await writeEntries(5);
      await sql`update audit_log set purpose = 'covering tracks' where seq = 3`.execute(rt.database.db);
      expect(await verifyAuditChain(rt.ctx)).toMatchObject({ ok: false, firstBroken: 3 });
    });

    it('detects a deleted entry in the middle', async () => {
      await writeEntries(5);
      await sql`delete from audit_log where seq = 2`.execute(rt.database.db);
      const check = await verifyAuditChain(rt.ctx);
      expect(check.ok).toBe(false);
      expect(check.firstBroken).toBe(3);
      expect(check.reason).toMatch(/missing/);
    });

    it('detects the newest entries deleted (the head anchors the end)', async () => {
      await writeEntries(5);
      await sql`delete from audit_log where seq >= 4`.execute(rt.database.db);
      expect(await verifyAuditChain(rt.ctx)).toMatchObject({ ok: false, firstBroken: 4 });
    });

    it('detects a recomputed row whose link to the previous one breaks', async () => {
      await writeEntries(4);
      await sql`update audit_log set prev_hash = 'x' where seq = 2`.execute(rt.database.db);
      expect(await verifyAuditChain(rt.ctx)).toMatchObject({ ok: false, firstBroken: 2 });
    });

    it('lists entries newest first, within the caller scope, with paging', async () => {
      await writeEntries(3);
      await recordAudit(rt.ctx, actor, { action: 'other.scope', orgPath: '/R/B/' });
      await recordAudit(rt.ctx, actor, { action: 'system.wide', orgPath: null });
      const a = await listAudit(rt.ctx, { paths: ['/R/A/'] }, { limit: 2 });
      expect(a.items.map((e) => e.action)).toEqual(['test.action2', 'test.action1']);
      const next = await listAudit(rt.ctx, { paths: ['/R/A/'] }, { limit: 2, before: a.nextBefore! });
      expect(next.items.map((e) => e.action)).toEqual(['test.action0']);
      expect(next.nextBefore).toBeNull();
      // A root-scoped caller also sees system-wide entries; a subtree caller does not.
      const root = await listAudit(rt.ctx, { paths: ['/R/'] }, { limit: 10 });
      expect(root.items.map((e) => e.action)).toEqual(expect.arrayContaining(['system.wide', 'other.scope']));
      expect((await listAudit(rt.ctx, { paths: ['/R/A/'] }, { limit: 10 })).items.map((e) => e.action)).not.toContain('system.wide');
      expect((await listAudit(rt.ctx, { paths: ['/R/A/X/'] }, { limit: 10 })).items).toEqual([]);
    });

    it('reveal needs a purpose, decrypts, and leaves an audit entry', async () => {
      rt = await createTestRuntime(dialect);
      const sealed = rt.ctx.cipher.encrypt('user.phone', '13800138000');
      const req = { field: 'user.phone', ciphertext: sealed, targetType: 'user', targetId: 'u9', orgPath: '/A/' };
      await expect(revealField(rt.ctx, actor, { ...req, purpose: ' ' })).rejects.toThrow(/reveal.purpose_required/);
      expect(await revealField(rt.ctx, actor, { ...req, purpose: 'contact the officer about a shift' })).toBe('13800138000');
      const { items } = await listAudit(rt.ctx, { paths: ['/A/'] }, { limit: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ action: 'reveal', targetId: 'u9', purpose: 'contact the officer about a shift', actorName: 'analyst-1' });
    });
  });
}
