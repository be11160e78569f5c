#!/usr/bin/env node
// `npm run bench`: runs every benchmark in bench/ (files named *-read.ts, *-write.ts, ...) and prints their JSON.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const only = process.argv[2];
const benches = fs.readdirSync(dir).filter((f) => /^[a-z-]+-(read|write|ingest|page|import)\.ts$/.test(f) && (!only || f.includes(only)));
let failed = 0;
for (const file of benches) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
