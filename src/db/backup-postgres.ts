// PostgreSQL backups with the server's own tools: pg_dump (custom format) and pg_restore. The password travels in
// PGPASSWORD, never on a command line (where `ps` shows it), and URLs are printed masked.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';

export const maskUrl = (url: string): string => url.replace(/:[^:@/]*@/, ':***@');

/** The URL without its password, and the environment that carries the password instead. */
export function connectionArgs(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password && { PGPASSWORD: password }) } };
}

const executable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The newest /usr/lib/postgresql/<major>/bin/<tool> (Debian's layout), if any. */
function newestDebianTool(tool: string, root = '/usr/lib/postgresql'): string | undefined {
  if (!fs.existsSync(root)) return undefined;
  return fs
    .readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && executable(path.join(root, v, 'bin', tool)))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin', tool))[0];
}

/**
 * pg_dump: TRACEGRID_PG_DUMP, else the one on PATH, else the newest Debian one. pg_restore: TRACEGRID_PG_RESTORE,
 * else the one beside TRACEGRID_PG_DUMP, else the same search.
 */
export function findPgTool(tool: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  const explicit = tool === 'pg_dump' ? env.TRACEGRID_PG_DUMP : env.TRACEGRID_PG_RESTORE ?? (env.TRACEGRID_PG_DUMP && path.join(path.dirname(env.TRACEGRID_PG_DUMP), 'pg_restore'));
  if (explicit) {
    if (!executable(explicit)) throw new ConfigError(`${tool === 'pg_dump' ? 'TRACEGRID_PG_DUMP' : 'TRACEGRID_PG_RESTORE'} points to ${explicit}, which is not an executable ${tool}.`);
    return explicit;
  }
  const onPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, tool)).find(executable);
  const found = onPath ?? newestDebianTool(tool);
  if (!found) throw new ConfigError(`${tool} was not found (TRACEGRID_PG_${tool === 'pg_dump' ? 'DUMP' : 'RESTORE'}, PATH, /usr/lib/postgresql/*/bin). Install the PostgreSQL client programs of the server's version (Debian: apt-get install postgresql-client-<major>).`);
  return found;
}

/** Runs a tool to completion; its stderr (masked) becomes the error. */
export function runPgTool(file: string, args: string[], env: NodeJS.ProcessEnv, secret?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) => reject(new ConfigError(`Cannot run ${file}: ${e.message}.`)));
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const text = (secret ? err.split(secret).join('***') : err).trim();
      reject(new ConfigError(`${path.basename(file)} failed (exit ${code}): ${maskUrl(text)}`));
    });
  });
}

/** The major version of a pg_dump or pg_restore ("pg_dump (PostgreSQL) 15.18 (Debian ...)" → 15). */
export function toolMajor(file: string): Promise<number> {
  return new Promise((resolve, reject) =>
    execFile(file, ['--version'], (e, stdout) => {
      const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout ?? '');
      if (e || !m) reject(new ConfigError(`Cannot tell the version of ${file}: ${e?.message ?? stdout}.`));
      else resolve(Number(m[1]));
    }),
  );
}

/** An older pg_dump cannot dump a newer server; say what to install. */
export function checkDumpVersion(tool: string, toolVersion: number, serverVersionNum: number): void {
  const server = Math.floor(serverVersionNum / 10000);
  if (toolVersion < server) {
    throw new ConfigError(
      `${tool} is version ${toolVersion}, older than the PostgreSQL ${server} server: it cannot dump it. ` +
        `Install the PostgreSQL ${server} client programs (Debian: apt-get install postgresql-client-${server}) and put them first on PATH, or set TRACEGRID_PG_DUMP to that pg_dump.`,
    );
  }
}

/** Undoes COPY text escaping (\t, \n, \\ ...) of one field. */
const unescapeCopy = (v: string) => v.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' })[c] ?? c);

/** The `meta` rows of a custom-format dump, read with pg_restore without restoring anything. */
export async function dumpMeta(pgRestore: string, file: string): Promise<Map<string, string>> {
  const text = await runPgTool(pgRestore, ['--data-only', '--table=meta', '--file=-', file], process.env);
  const meta = new Map<string, string>();
  let inCopy = false;
  for (const line of text.split('\n')) {
    if (/^COPY \S*meta \(key, value\) FROM stdin;/.test(line)) inCopy = true;
    else if (line === '\\.') inCopy = false;
    else if (inCopy) {
      const [key, value] = line.split('\t');
      if (value !== undefined) meta.set(unescapeCopy(key), unescapeCopy(value));
    }
  }
  return meta;
}
