// The operator's commands besides serve: migrate, user, org, audit, demo.
import fs from 'node:fs';
import { verifyAuditChain } from '../core/audit.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadDemoRegion } from '../modules/demo/service.ts';
import { importOrgUnits, parseOrgCsv } from '../modules/org/import.ts';
import { createUser, listUsers } from '../modules/users/service.ts';
import { loadConfig } from '../config.ts';
import { Database, describeConnectionError } from '../db/database.ts';
import { ConfigError } from '../core/errors.ts';
import { progressBar } from './progress.ts';
import { operatorActor, reportError, withRuntime } from './runtime.ts';

export async function migrateCommand(): Promise<void> {
  let database: Database | undefined;
  try {
    const config = loadConfig();
    database = Database.open(config.database);
    await database.ping().catch((e) => {
      throw new ConfigError(describeConnectionError(config.database, e));
    });
    const { applied } = await migrateToLatest(database);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  } catch (e) {
    process.exitCode = reportError(e);
  } finally {
    await database?.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function userAddCommand(username: string, opts: { role: string; org: string[]; passwordStdin?: boolean; displayName?: string; phone?: string; json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    let password: string;
    let generated = false;
    if (opts.passwordStdin) password = await readStdin();
    else {
      password = `Tg-${(await import('node:crypto')).randomBytes(9).toString('base64url')}7`;
      generated = true;
    }
    const user = await createUser(ctx, operatorActor(), { username, displayName: opts.displayName ?? username, role: opts.role, orgCodes: opts.org, password, phone: opts.phone });
    if (opts.json) process.stdout.write(JSON.stringify({ ...user, ...(generated && { password }) }) + '\n');
    else {
      process.stdout.write(`Created ${user.username} (${user.role}) scoped to ${user.scopes.map((s) => `${s.code} ${s.name}`).join(', ')}\n`);
      if (generated) process.stdout.write(`Password (shown once): ${password}\n`);
    }
  });
}

export async function userListCommand(opts: { json?: boolean; org?: string }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const items = [];
    for (let offset = 0; ; offset += 200) {
      const page = await listUsers(ctx, operatorActor(), { limit: 200, offset, q: undefined, orgId: undefined });
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0) break;
    }
    const shown = opts.org ? items.filter((u) => u.scopes.some((s) => s.code === opts.org)) : items;
    if (opts.json) return void process.stdout.write(JSON.stringify(shown) + '\n');
    for (const u of shown) {
      const state = u.disabled ? ' [disabled]' : u.lockedUntil ? ' [locked]' : '';
      process.stdout.write(`${u.username.padEnd(24)} ${u.role.padEnd(12)} ${u.scopes.map((s) => s.code).join(',')}${state}\n`);
    }
    process.stdout.write(`${shown.length} user(s)\n`);
  });
}

export async function orgImportCommand(file: string, opts: { json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    if (!fs.existsSync(file)) throw new ConfigError(`No such file: ${file}`);
    const rows = parseOrgCsv(fs.readFileSync(file, 'utf8'));
    const bar = progressBar('Importing org units', rows.length);
    const result = await importOrgUnits(ctx, operatorActor(), rows, file);
    bar.update(rows.length);
    bar.finish();
    process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : `Created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}\n`);
  });
}

export async function auditVerifyCommand(opts: { json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const bar = progressBar('Verifying audit log', 0);
    const result = await verifyAuditChain(ctx, (done, total) => bar.update(done, total));
    bar.finish();
    if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
    else if (result.ok) process.stdout.write(`Audit log intact: ${result.checked} entries verified.\n`);
    else process.stdout.write(`Audit log BROKEN at entry ${result.firstBroken}: ${result.reason}. ${result.checked} entries checked.\n`);
    return result.ok ? 0 : 3;
  });
}

/** A whole number from an option, or a message saying what is allowed. */
function countOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`--${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

export async function demoCommand(opts: { password?: string; checkins?: string; days?: string; json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx, database }) => {
    const checkins = opts.checkins === undefined ? 0 : countOption('checkins', opts.checkins, 1, 100_000_000);
    const days = opts.days === undefined ? 28 : countOption('days', opts.days, 1, 366);
    const bar = progressBar('Loading demo region', 1);
    const result = await loadDemoRegion(ctx, { password: opts.password ?? process.env.TRACEGRID_DEMO_PASSWORD, onProgress: (d, t) => bar.update(d, t) });
    bar.finish();
    const say = (line: string) => !opts.json && process.stdout.write(line);
    if (!result.created) say('The demo region is already loaded.\n');
    else say(`Demo region: ${result.units} org units, ${result.users} users, ${result.sites} sites. Their password: ${result.password}\n`);
    if (!checkins) return void (opts.json && process.stdout.write(JSON.stringify({ region: result }) + '\n'));
    // Loaded on demand: only this option needs the writer and its worker thread.
    const { generateHistory, indexHistoryPeople, openHistoryWriter } = await import('../modules/demo/history.ts');
    const writer = openHistoryWriter(database);
    const gen = progressBar('Generating check-ins', checkins);
    let history;
    try {
      history = await generateHistory(ctx, writer, { checkins, days, onProgress: (d, t) => gen.update(d, t) });
    } finally {
      await writer.close();
    }
    gen.finish();
    say(`Generated ${history.checkins} check-ins (${history.submissions} submissions, ${history.flagged} flagged, ${history.watchHits} watch-list hits) from ${history.from} to ${history.to} in ${history.seconds} s: ${history.perSecond} per second.\n`);
    const idx = progressBar('Indexing persons', history.checkins);
    const indexed = await indexHistoryPeople(ctx, (read) => idx.update(read));
    idx.finish();
    say(`Person index: ${indexed.read} check-ins read, ${indexed.created} persons created in ${indexed.seconds} s.\n`);
    if (opts.json) process.stdout.write(JSON.stringify({ region: result, history, indexed }) + '\n');
  });
}
