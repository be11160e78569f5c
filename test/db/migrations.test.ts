import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    let rt: TestRuntime;
    afterEach(() => rt?.dispose());

    it('bring an empty database to the latest schema, and a second run applies nothing', async () => {
      rt = await createTestRuntime(dialect);
      const again = await migrateToLatest(rt.database);
      expect(again.applied).toEqual([]);
      for (const table of ['meta', 'org_units', 'users', 'user_scopes', 'sessions', 'api_tokens', 'audit_log', 'audit_head'] as const) {
        const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(rt.database.db);
        expect(typeof Number(r.rows[0].n)).toBe('number');
      }
    });

    it('normalises counts, big integers and booleans to the same JS types on both engines', async () => {
      rt = await createTestRuntime(dialect);
      const now = Date.UTC(2026, 10, 28);
      await rt.database.db
        .insertInto('users')
        .values({
          id: 'u1', username: 'u1', displayName: 'u1', role: 'officer', passwordHash: 'x', phoneEnc: null, phoneBidx: null,
          disabled: true, failedCount: 0, firstFailedAt: null, lockedUntil: 8_640_000_000_000, totpSecretEnc: null, totpEnabled: false,
          lastLoginAt: null, sessionsRevokedAt: null, createdAt: now, updatedAt: now,
        })
        .execute();
      const row = await rt.database.db.selectFrom('users').selectAll().where('id', '=', 'u1').executeTakeFirstOrThrow();
      expect(row.disabled).toBe(true);
      expect(row.totpEnabled).toBe(false);
      expect(row.createdAt).toBe(now);
      expect(row.lockedUntil).toBe(8_640_000_000_000);
      const count = await rt.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(count.n).toBe(1);
      const filtered = await rt.database.db.selectFrom('users').select('id').where('disabled', '=', true).execute();
      expect(filtered).toHaveLength(1);
    });
  });
}
