// `tracegrid site ...` as an operator runs it: a real process on a real database, on both engines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { resolveSiteToken } from '../../src/modules/sites/service.ts';
import { DIALECTS, testEnv, type TestEnv } from '../helpers/db.ts';
import { seedOrgTree } from '../helpers/factories.ts';
import { runCli } from './run.ts';

/** Several spawns per test, on a shared 2-core machine that may be busy with other suites. */
const SPAWNING_TEST_TIMEOUT = 180_000;

for (const dialect of DIALECTS) {
  describe.concurrent(`tracegrid site on ${dialect}`, { timeout: SPAWNING_TEST_TIMEOUT }, () => {
    const envs: TestEnv[] = [];
    afterAll(() => envs.forEach((t) => t.cleanup()));
    const seeded = async () => {
      const t = await testEnv(dialect, { TRACEGRID_PUBLIC_URL: 'https://reg.example.test' });
      envs.push(t);
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await seedOrgTree(rt.ctx);
      } finally {
        await rt.close();
      }
      return t;
    };

    it('adds sites (JSON with code and url), lists them, rotates one and prints posters into one PDF', async () => {
      const t = await seeded();
      const add = await runCli(['site', 'add', '--kind', 'checkpoint', '--org', '150102', '--name', '金桥卡口', '--json'], { env: t.env });
      expect(add.code, add.stderr).toBe(0);
      const site = JSON.parse(add.stdout);
      expect(site.code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
      expect(site.url).toMatch(/^https:\/\/reg\.example\.test\/r\/[\w-]+\.[\w-]+$/);
      const second = JSON.parse((await runCli(['site', 'add', '--kind', 'community', '--org', '150102001001', '--name', '阳光小区', '--json'], { env: t.env })).stdout);

      const list = await runCli(['site', 'list', '--json'], { env: t.env });
      expect(JSON.parse(list.stdout).map((s: { code: string }) => s.code).sort()).toEqual([site.code, second.code].sort());

      const rotate = await runCli(['site', 'rotate', site.code, '--grace-hours', '0'], { env: t.env });
      expect(rotate.code, rotate.stderr).toBe(0);
      expect(rotate.stdout).toMatch(/generation 2/);
      // The URL printed by `add` belongs to generation 1, rotated out with no grace.
      const rt = await openRuntime(loadConfig(t.env, t.dataDir));
      try {
        await expect(resolveSiteToken(rt.ctx, site.url.split('/r/')[1])).rejects.toMatchObject({ code: 'site.token_rotated' });
        await expect(resolveSiteToken(rt.ctx, second.url.split('/r/')[1])).resolves.toMatchObject({ site: { code: second.code } });
      } finally {
        await rt.close();
      }

      const out = path.join(t.dataDir, 'posters.pdf');
      const poster = await runCli(['site', 'poster', site.code, second.code.toLowerCase(), '-o', out], { env: t.env });
      expect(poster.code, poster.stderr).toBe(0);
      const pdf = fs.readFileSync(out).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf).toMatch(/\/FontFile2/);
      expect(pdf.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2);
    });

    it('fails with a message, not a stack trace, for an unknown org unit, kind or site', async () => {
      const t = await seeded();
      for (const args of [
        ['site', 'add', '--kind', 'checkpoint', '--org', '999999', '--name', 'x'],
        ['site', 'add', '--kind', 'airport', '--org', '150102', '--name', 'x'],
        ['site', 'poster', 'ZZZZZZ', '-o', path.join(t.dataDir, 'x.pdf')],
        ['site', 'rotate', 'ZZZZZZ', '--grace-hours', '1000'],
      ]) {
        const r = await runCli(args, { env: t.env });
        expect(r.code, args.join(' ')).not.toBe(0);
        expect(r.stderr).toMatch(/999999|airport|ZZZZZZ|grace-hours/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(fs.existsSync(path.join(t.dataDir, 'x.pdf'))).toBe(false);
    });
  });
}
