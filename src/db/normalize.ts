// The one place where the two engines' value types are made the same:
// - times are epoch milliseconds (bigint in PostgreSQL, integer in SQLite) and come back as numbers;
// - counts and other 64-bit integers come back as numbers (PostgreSQL sends int8 as text);
// - booleans are boolean in PostgreSQL and 0/1 in SQLite: bound as 0/1 there, read back as booleans on both.
import pg from 'pg';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** Boolean columns (camelCase, as the app sees them). */
export const BOOLEAN_COLUMNS = new Set(['disabled', 'totpEnabled', 'watch']);

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${value} is beyond 2^53 and cannot be a JS number`);
  return n;
}

export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return parseInt8; // int8: counts, bigserial, epoch ms
    if (oid === 1700) return (v: string) => Number(v); // numeric: averages, sums
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** better-sqlite3 refuses JS booleans as parameters. */
export function sqliteParam(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export class NormalizeResultsPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key in row) {
        if (BOOLEAN_COLUMNS.has(key) && typeof row[key] === 'number') row[key] = row[key] !== 0;
        else if (typeof row[key] === 'bigint') row[key] = Number(row[key]);
      }
    }
    return args.result;
  }
}
