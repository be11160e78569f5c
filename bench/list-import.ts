// List import (issue 5): a generated list of 3,000,000 rows on SQLite and 1,000,000 on PostgreSQL, imported with
// `tracegrid import` (validation, encryption, the person master index, matching, linking), against a baseline in
// the same run that inserts the same rows into a plain table with the same parser and batch size. Also the
// re-import of the same file (nothing new may be created) and the peak memory of each process.
// Goal: the import at no less than a third of the baseline's rows per second, peak memory under 300 MB.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../test/helpers/postgres.ts';
import { writeListFile } from './list-file.ts';
import { serverEnv } from './process.ts';

const root = path.resolve(import.meta.dirname, '..');
const ROWS = { sqlite: Number(process.env.BENCH_IMPORT_ROWS_SQLITE ?? 3_000_000), postgres: Number(process.env.BENCH_IMPORT_ROWS_PG ?? 1_000_000) };

/** Runs a node process to the end, sampling its peak resident memory (VmHWM) from /proc. */
function run(args: string[], env: Record<string, string>): Promise<{ stdout: string; seconds: number; peakRssMb: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak: number | null = null;
    const sample = () => {
      try {
        const m = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
        if (m) peak = Math.max(peak ?? 0, Number(m[1]) / 1024);
      } catch {
        // the process has ended
      }
    };
    const timer = setInterval(sample, 200);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ stdout, seconds: (performance.now() - started) / 1000, peakRssMb: peak === null ? null : Math.round(peak) });
    });
  });
}

const rate = (rows: number, seconds: number) => Math.round(rows / seconds);

async function measure(dialect: 'sqlite' | 'postgres', databaseUrl: string | undefined, file: string, rows: number) {
  const { env, dataDir } = await serverEnv(databaseUrl);
  try {
    execFileSync(process.execPath, ['bin/tracegrid.js', 'demo', '--password', 'Bench-demo-pass-1'], { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
    const base = await run(['--import', 'tsx', 'bench/import-baseline.ts', file], env);
    const baseline = JSON.parse(base.stdout) as { rows: number; seconds: number };
    const args = ['bin/tracegrid.js', 'import', file, '--list', `bench-${dialect}`, '--json'];
    const first = await run([...args, '--create', 'incoming', '--org', '150102'], env);
    const again = await run(args, env);
    const imported = JSON.parse(first.stdout.trim().split('\n').pop()!) as Record<string, number>;
    const reimported = JSON.parse(again.stdout.trim().split('\n').pop()!) as Record<string, number>;
    return {
      rows,
      baseline: { rowsPerSecond: rate(baseline.rows, baseline.seconds), seconds: Math.round(baseline.seconds), peakRssMb: base.peakRssMb },
      import: { rowsPerSecond: rate(rows, first.seconds), seconds: Math.round(first.seconds), peakRssMb: first.peakRssMb, counts: imported },
      reimport: { rowsPerSecond: rate(rows, again.seconds), seconds: Math.round(again.seconds), peakRssMb: again.peakRssMb, counts: reimported },
      ratio: Math.round((baseline.seconds / first.seconds) * 100) / 100,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-import-'));
const pg = await startPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-pg-')));
const results: Record<string, unknown> = { bench: 'list-import', goal: 'ratio >= 0.33, peakRssMb < 300' };
try {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const file = path.join(work, `list-${ROWS[dialect]}.csv`);
    await writeListFile(file, ROWS[dialect]);
    results[dialect] = await measure(dialect, dialect === 'postgres' ? pg.url : undefined, file, ROWS[dialect]);
  }
} finally {
  await pg.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
