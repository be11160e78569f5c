// Opens everything a process needs from a config: secrets, database (migrated), and the service context.
// The server and every CLI command start here, so they always work on the same database with the same keys.
import type { Config } from './config.ts';
import { systemClock, type Clock } from './core/clock.ts';
import type { Ctx } from './core/context.ts';
import { BlindIndex, FieldCipher } from './core/crypto.ts';
import { ConfigError } from './core/errors.ts';
import { EventBus } from './core/events.ts';
import { loadSecrets, type Secrets } from './core/secrets.ts';
import { Database, describeConnectionError } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { preparePartitions } from './modules/retention/partitions.ts';

export interface Runtime {
  config: Config;
  database: Database;
  ctx: Ctx;
  secrets: Secrets;
  close(): Promise<void>;
}

const PII_CHECK = 'pii_key_check:';
const INDEX_CHECK = 'index_key_check';

/**
 * Why keys cannot read a database whose `meta` rows are these, or undefined when they can (or nothing is recorded
 * yet). Also used on a backup before it is restored.
 */
export function keysMismatch(meta: Map<string, string>, ctx: Pick<Ctx, 'cipher' | 'blindIndex'>, secrets: Secrets): string | undefined {
  const where = secrets.source;
  const storedPii = [...meta.keys()].filter((k) => k.startsWith(PII_CHECK));
  const ring = secrets.keyRing.keys;
  if (storedPii.length && !storedPii.some((k) => ring.has(k.slice(PII_CHECK.length)))) {
    return `The PII keys from ${where} (${[...ring.keys()].join(', ')}) are not the keys this database was written with (${storedPii.map((k) => k.slice(PII_CHECK.length)).join(', ')}). Use the right key file.`;
  }
  for (const k of storedPii) {
    const kid = k.slice(PII_CHECK.length);
    if (!ring.has(kid)) continue;
    try {
      ctx.cipher.decrypt('meta.key_check', meta.get(k)!);
    } catch {
      return `PII key "${kid}" from ${where} is not the key this database was written with. Use the right key file.`;
    }
  }
  if (meta.has(INDEX_CHECK) && meta.get(INDEX_CHECK) !== ctx.blindIndex.of('name', 'tracegrid key check')) {
    return `The blind-index key from ${where} is not the one this database was written with; look-ups would find nothing. Use the right key file.`;
  }
  return undefined;
}

/** Whether `meta` holds the rows that let keysMismatch judge keys (a database opened once by a runtime has them). */
export const hasKeyChecks = (meta: Map<string, string>): boolean => meta.has(INDEX_CHECK) && [...meta.keys()].some((k) => k.startsWith(PII_CHECK));

/** Refuses keys that cannot read this database, before anything is written with them. */
async function checkKeysMatchDatabase(ctx: Ctx, secrets: Secrets): Promise<void> {
  const rows = await ctx.db.selectFrom('meta').selectAll().execute();
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const problem = keysMismatch(meta, ctx, secrets);
  if (problem) throw new ConfigError(problem);
  const indexCheck = ctx.blindIndex.of('name', 'tracegrid key check');
  const missing = [
    ...(!meta.has(`${PII_CHECK}${secrets.keyRing.activeKeyId}`) ? [{ key: `${PII_CHECK}${secrets.keyRing.activeKeyId}`, value: ctx.cipher.encrypt('meta.key_check', 'tracegrid') }] : []),
    ...(!meta.has(INDEX_CHECK) ? [{ key: INDEX_CHECK, value: indexCheck }] : []),
  ];
  // Several instances may start at once on an empty database: the first insert wins, the others keep it.
  if (missing.length) await ctx.db.insertInto('meta').values(missing).onConflict((oc) => oc.column('key').doNothing()).execute();
}

export async function openRuntime(config: Config, opts: { clock?: Clock; migrate?: boolean } = {}): Promise<Runtime> {
  const secrets = loadSecrets(config);
  const database = Database.open(config.database);
  try {
    await database.ping();
  } catch (e) {
    await database.close();
    throw new ConfigError(describeConnectionError(config.database, e));
  }
  const ctx: Ctx = {
    db: database.db,
    dialect: database.dialect,
    clock: opts.clock ?? systemClock,
    cipher: new FieldCipher(secrets.keyRing),
    blindIndex: new BlindIndex(secrets.indexKey),
    sessionKey: secrets.sessionSecret,
    config,
    events: new EventBus(),
  };
  try {
    if (opts.migrate !== false) await migrateToLatest(database);
    await checkKeysMatchDatabase(ctx, secrets);
    // PostgreSQL: this month's and the next two months' check-in partitions exist before anything is written.
    if (opts.migrate !== false) await preparePartitions(ctx);
  } catch (e) {
    await database.close();
    throw e;
  }
  return { config, database, ctx, secrets, close: () => database.close() };
}
