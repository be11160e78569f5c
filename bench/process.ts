// Starting the processes a benchmark measures: our server and the bare baseline, each in its own process.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/helpers/postgres.ts';

const root = path.resolve(import.meta.dirname, '..');

export function startProcess(args: string[], env: Record<string, string>, readyPattern: RegExp): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timeout starting ${args.join(' ')}: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(readyPattern);
      if (m) {
        clearTimeout(timer);
        resolve({ child, line: m[0] });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
  });
}

/** Runs a node process to the end and returns its stdout and wall time; its progress goes nowhere (not a TTY). */
export function runToEnd(args: string[], env: Record<string, string>): Promise<{ stdout: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ stdout, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Environment for `tracegrid serve` on a fresh data directory; rate limits out of the way of the load. */
export async function serverEnv(databaseUrl: string | undefined): Promise<{ env: Record<string, string>; dataDir: string; port: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-bench-'));
  const config = { rateLimit: { perMinute: 1_000_000, loginPerMinute: 1000 }, checkinLimits: { perAddress: 1_000_000, perSite: 10_000_000 } };
  fs.writeFileSync(path.join(dataDir, 'tracegrid.config.json'), JSON.stringify(config));
  const port = await freePort();
  const k = () => crypto.randomBytes(32).toString('base64');
  const env: Record<string, string> = {
    PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', TRACEGRID_DATA_DIR: dataDir, TRACEGRID_CONFIG: path.join(dataDir, 'tracegrid.config.json'),
    TRACEGRID_ADMIN_PASSWORD: 'Bench-pass-2026', TRACEGRID_PII_KEYS: `k1:${k()}`, TRACEGRID_INDEX_KEY: k(), TRACEGRID_SESSION_SECRET: k(),
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  };
  return { env, dataDir, port };
}
