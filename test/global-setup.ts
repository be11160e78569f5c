// Starts one real PostgreSQL for the whole run (each test file makes its own databases in it) and builds the
// web pages when they are missing or older than their sources, for the browser tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres, type RunningPostgres } from './helpers/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildWebIfStale(root: string): void {
  const marker = path.join(root, 'dist', 'web', 'console', 'index.html');
  const sources = path.join(root, 'web');
  if (!fs.existsSync(sources)) return;
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= newestMtime(sources)) return;
  // Vitest sets NODE_ENV=test, which would give the pages Vue's development build: test what ships.
  execFileSync('npm', ['run', 'build:web', '--silent'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

let pg: RunningPostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  buildWebIfStale(root);
  if (process.env.TRACEGRID_TEST_PG_URL) {
    project.provide('pgUrl', process.env.TRACEGRID_TEST_PG_URL);
    return;
  }
  // A missing PostgreSQL fails the run: the storage tests are not allowed to quietly test one engine.
  pg = await startPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-pg-')));
  project.provide('pgUrl', pg.url);
}

export async function teardown(): Promise<void> {
  await pg?.stop();
}
