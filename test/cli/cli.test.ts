// The `tracegrid` command as an operator runs it: a real process on a real database, on both engines.
import fs from 'node:fs';
import path from 'node:path';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Ctx } from '../../src/core/context.ts';
import { openRuntime } from '../../src/runtime.ts';
import { DIALECTS, testEnv, type TestDialect, type TestEnv } from '../helpers/db.ts';
import { seedOrgTree, seedUser } from '../helpers/factories.ts';
import { count, rawSql, runCli } from './run.ts';

const STRONG = 'Str0ng-passphrase-77';
/** Several spawns per test, on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;

/** Set-up done in-process (fast), so each CLI spawn in a test is the thing under test. */
async function seed(t: TestEnv, fn: (ctx: Ctx) => Promise<void>): Promise<void> {
  const rt = await openRuntime(loadConfig(t.env, t.dataDir));
  try {
    await fn(rt.ctx);
  } finally {
    await rt.close();
  }
}

function writeCsv(t: TestEnv, name: string, rows: string[]): string {
  fs.writeFileSync(path.join(t.dataDir, name), ['code,name,level,parent', ...rows].join('\n') + '\n');
  return name;
}

/** A failure the operator can read: a message on stderr, not a stack trace. */
function expectCleanFailure(r: { code: number | null; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const UNITS = ['150000,内蒙古自治区,region,', '150100,呼和浩特市,city,150000', '150102,新城区,county,150100'];

describe('tracegrid --help', () => {
  it('lists every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'user', 'org', 'audit', 'demo']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });
});

for (const dialect of DIALECTS) {
  // The two engines run side by side (the spawns are separate processes); inside each, tests run in order.
  describe.concurrent(`tracegrid CLI on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    const envs: TestEnv[] = [];
    const fresh = async (d: TestDialect = dialect) => {
      const t = await testEnv(d);
      envs.push(t);
      return t;
    };
    afterAll(() => envs.forEach((t) => t.cleanup()));

    describe.sequential('migrate', () => {
      it('applies the migrations to an empty database, then says it is up to date', async () => {
        const t = await fresh();
        const first = await runCli(['migrate'], { env: t.env });
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toMatch(/Applied: .*0001_foundation/);
        expect(await count(dialect, t, 'audit_head')).toBe(1);
        const second = await runCli(['migrate'], { env: t.env });
        expect(second.code, second.stderr).toBe(0);
        expect(second.stdout).toMatch(/up to date/);
        expect(second.stdout).not.toMatch(/Applied/);
      });
    });

    describe.sequential('user add / user list', () => {
      let t: TestEnv;
      beforeAll(async () => {
        t = await fresh();
        await seed(t, async (ctx) => {
          await seedOrgTree(ctx);
          await seedUser(ctx, 'taken', 'officer', ['150100']);
        });
      });
      const users = () => count(dialect, t, 'users');

      it('creates an account with two scopes from a password on stdin, and user list --json shows it', async () => {
        const add = await runCli(['user', 'add', 'li.wei', '--role', 'officer', '--org', '150102', '--org', '150200', '--password-stdin'], {
          env: t.env,
          input: `${STRONG}\n`,
        });
        expect(add.code, add.stderr).toBe(0);
        expect(add.stdout).toMatch(/Created li\.wei \(officer\)/);
        expect(add.stdout).not.toContain(STRONG);
        expect(add.stdout).not.toMatch(/Password \(shown once\)/);

        const list = await runCli(['user', 'list', '--json'], { env: t.env });
        expect(list.code, list.stderr).toBe(0);
        const shown = (JSON.parse(list.stdout) as { username: string; role: string; scopes: { code: string }[] }[]).find((u) => u.username === 'li.wei');
        expect(shown).toBeDefined();
        expect(shown!.role).toBe('officer');
        expect(shown!.scopes.map((s) => s.code).sort()).toEqual(['150102', '150200']);

        // The password from stdin (without its newline) is the one stored.
        const [row] = await rawSql<{ password_hash: string }>(dialect, t, "select password_hash from users where username = 'li.wei'");
        expect(await argon2.verify(row.password_hash, STRONG)).toBe(true);
      });

      it('refuses a username that is taken, with a clear message, and creates nothing', async () => {
        const before = await users();
        const r = await runCli(['user', 'add', 'taken', '--role', 'analyst', '--org', '150000', '--password-stdin'], { env: t.env, input: STRONG });
        expectCleanFailure(r, /Username "taken" is already taken/);
        expect(await users()).toBe(before);
        const [row] = await rawSql<{ role: string }>(dialect, t, "select role from users where username = 'taken'");
        expect(row.role).toBe('officer');
      });

      it('refuses a weak password and creates nothing', async () => {
        const before = await users();
        const r = await runCli(['user', 'add', 'weakling', '--role', 'officer', '--org', '150100', '--password-stdin'], { env: t.env, input: 'abc123\n' });
        expectCleanFailure(r, /[Pp]assword too weak/);
        expect(await users()).toBe(before);
        expect(await count(dialect, t, "users where username = 'weakling'")).toBe(0);
      });

      it('refuses an unknown org code, naming it, and creates nothing', async () => {
        const before = { users: await users(), scopes: await count(dialect, t, 'user_scopes'), audit: await count(dialect, t, 'audit_log') };
        const r = await runCli(['user', 'add', 'nobody', '--role', 'officer', '--org', '150100', '--org', '999999', '--password-stdin'], {
          env: t.env,
          input: STRONG,
        });
        expectCleanFailure(r, /999999/);
        expect(await users()).toBe(before.users);
        expect(await count(dialect, t, 'user_scopes')).toBe(before.scopes);
        expect(await count(dialect, t, 'audit_log')).toBe(before.audit);
      });
    });

    describe.sequential('user add on a brand-new database', () => {
      // There is no org unit yet (org import or demo comes first): the command must say so, not crash.
      it('migrates it and refuses the org unit that does not exist yet, creating nothing', async () => {
        const t = await fresh();
        const r = await runCli(['user', 'add', 'first.admin', '--role', 'admin', '--org', '150000', '--password-stdin'], { env: t.env, input: STRONG });
        expectCleanFailure(r, /No org unit "150000"/);
        // The tables exist (the command migrated the database) and hold nothing.
        expect(await count(dialect, t, 'users')).toBe(0);
        expect(await count(dialect, t, 'org_units')).toBe(0);
        expect(await count(dialect, t, 'audit_log')).toBe(0);
      });
    });

    describe.sequential('org import', () => {
      let t: TestEnv;
      beforeAll(async () => {
        t = await fresh();
      });
      const unitCodes = async (prefix: string) =>
        (await rawSql<{ code: string }>(dialect, t, `select code from org_units where code like '${prefix}%' order by code`)).map((r) => r.code);

      it('creates the units; the same file again changes nothing; a renamed unit is updated', async () => {
        const file = writeCsv(t, 'units.csv', UNITS);
        const first = await runCli(['org', 'import', file, '--json'], { env: t.env, cwd: t.dataDir });
        expect(first.code, first.stderr).toBe(0);
        expect(JSON.parse(first.stdout)).toEqual({ created: 3, updated: 0, unchanged: 0 });
        const tree = await rawSql<{ code: string; level: string; parent: string | null }>(
          dialect,
          t,
          "select u.code, u.level, p.code as parent from org_units u left join org_units p on p.id = u.parent_id where u.code like '1501%' or u.code = '150000' order by u.code",
        );
        expect(tree).toEqual([
          { code: '150000', level: 'region', parent: null },
          { code: '150100', level: 'city', parent: '150000' },
          { code: '150102', level: 'county', parent: '150100' },
        ]);

        const second = await runCli(['org', 'import', file, '--json'], { env: t.env, cwd: t.dataDir });
        expect(second.code, second.stderr).toBe(0);
        expect(JSON.parse(second.stdout)).toEqual({ created: 0, updated: 0, unchanged: 3 });

        const renamed = writeCsv(t, 'renamed.csv', [UNITS[0], UNITS[1], '150102,新城区（新）,county,150100']);
        const third = await runCli(['org', 'import', renamed, '--json'], { env: t.env, cwd: t.dataDir });
        expect(third.code, third.stderr).toBe(0);
        expect(JSON.parse(third.stdout)).toEqual({ created: 0, updated: 1, unchanged: 2 });
        const [row] = await rawSql<{ name: string }>(dialect, t, "select name from org_units where code = '150102'");
        expect(row.name).toBe('新城区（新）');
      });

      it('refuses a file with an unknown level, naming the row, and creates none of its units', async () => {
        const audit = await count(dialect, t, "audit_log where action = 'org.import'");
        const file = writeCsv(t, 'bad-level.csv', ['160000,Region Six,region,', '160100,City Six,metropolis,160000', '160102,County Six,county,160100']);
        const r = await runCli(['org', 'import', file, '--json'], { env: t.env, cwd: t.dataDir });
        expectCleanFailure(r, /row 3\b.*metropolis/);
        expect(r.stdout).toBe('');
        expect(await unitCodes('16')).toEqual([]);
        expect(await count(dialect, t, "audit_log where action = 'org.import'")).toBe(audit);
      });

      it('refuses a file whose parent is missing, naming the row, and creates none of its units', async () => {
        const audit = await count(dialect, t, "audit_log where action = 'org.import'");
        // The bad row comes last: the rows before it are valid and would be written by a non-atomic import.
        const file = writeCsv(t, 'bad-parent.csv', ['170000,Region Seven,region,', '170100,City Seven,city,170000', '170102,County Seven,county,179999']);
        const r = await runCli(['org', 'import', file, '--json'], { env: t.env, cwd: t.dataDir });
        expectCleanFailure(r, /row 4\b.*179999/);
        expect(r.stdout).toBe('');
        expect(await unitCodes('17')).toEqual([]);
        expect(await count(dialect, t, "audit_log where action = 'org.import'")).toBe(audit);
      });
    });

    describe.sequential('audit verify', () => {
      // Five entries: the org import, then four accounts.
      const seeded = async () => {
        const t = await fresh();
        await seed(t, async (ctx) => {
          await seedOrgTree(ctx);
          for (const name of ['aa.one', 'bb.two', 'cc.three', 'dd.four']) await seedUser(ctx, name, 'officer', ['150102']);
        });
        expect(await count(dialect, t, 'audit_log')).toBe(5);
        return t;
      };

      it('exits 0 on an intact log', async () => {
        const t = await seeded();
        const r = await runCli(['audit', 'verify'], { env: t.env });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/intact: 5 entries verified/);
      });

      it('detects an edited entry and names it', async () => {
        const t = await seeded();
        await rawSql(dialect, t, "update audit_log set action = 'user.delete' where seq = 2");
        const r = await runCli(['audit', 'verify'], { env: t.env });
        expect(r.code).not.toBe(0);
        expect(r.code).not.toBeNull();
        expect(r.stdout).toMatch(/BROKEN at entry 2\b.*changed/);
      });

      it('detects an entry deleted from the middle', async () => {
        const t = await seeded();
        await rawSql(dialect, t, 'delete from audit_log where seq = 3');
        const r = await runCli(['audit', 'verify'], { env: t.env });
        expect(r.code).not.toBe(0);
        expect(r.code).not.toBeNull();
        expect(r.stdout).toMatch(/BROKEN at entry \d+: entries 3\.\.3 are missing/);
      });

      it('detects the newest entry deleted (the head anchors the end)', async () => {
        const t = await seeded();
        await rawSql(dialect, t, 'delete from audit_log where seq = 5');
        const r = await runCli(['audit', 'verify'], { env: t.env });
        expect(r.code).not.toBe(0);
        expect(r.code).not.toBeNull();
        expect(r.stdout).toMatch(/BROKEN at entry 5: entries 5\.\.5 are missing at the end/);
      });
    });

    describe.sequential('demo', () => {
      it('loads the synthetic region once, printing counts; a second run says it is already loaded', async () => {
        const t = await fresh();
        const first = await runCli(['demo'], { env: t.env, timeoutMs: 90_000 });
        expect(first.code, first.stderr).toBe(0);
        const m = /Demo region: (\d+) org units, (\d+) users, (\d+) sites/.exec(first.stdout);
        expect(m, first.stdout).not.toBeNull();
        const [units, users, sites] = [Number(m![1]), Number(m![2]), Number(m![3])];
        expect(sites).toBeGreaterThan(10);
        expect(await count(dialect, t, 'sites')).toBe(sites);
        expect(units).toBeGreaterThan(100);
        expect(users).toBeGreaterThan(20);
        expect(await count(dialect, t, 'org_units')).toBe(units);
        expect(await count(dialect, t, 'users')).toBe(users);

        const second = await runCli(['demo'], { env: t.env, timeoutMs: 90_000 });
        expect(second.code, second.stderr).toBe(0);
        expect(second.stdout).toMatch(/already loaded/);
        expect(await count(dialect, t, 'org_units')).toBe(units);
        expect(await count(dialect, t, 'users')).toBe(users);
      });
    });
  });
}
