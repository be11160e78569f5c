// Where the SQL of the two engines differs in column types, it is said here once.
import { sql } from 'kysely';
import type { Dialect } from '../database.ts';

export function columnTypes(dialect: Dialect) {
  const pg = dialect === 'postgres';
  return {
    /** epoch milliseconds */
    time: pg ? ('bigint' as const) : ('integer' as const),
    bool: pg ? ('boolean' as const) : ('integer' as const),
    false: pg ? sql`false` : sql`0`,
    serial: pg ? ('bigserial' as const) : ('integer' as const),
  };
}
