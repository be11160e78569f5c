// Passes that follow the check-ins (the person index, the floating households) keep how far they read in `meta`,
// as the last check-in id: ULIDs sort by time, so a cursor is one comparison and a settle time one id prefix.
import type { Ctx } from './context.ts';
import type { DbLike } from '../db/database.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The time part of the ULIDs made at `ms`: every id made earlier sorts before it. */
export function idTimePrefix(ms: number): string {
  let out = '';
  for (let i = 0, t = Math.max(0, ms); i < 10; i++, t = Math.floor(t / 32)) out = ALPHABET[t % 32] + out;
  return out;
}

export async function readCursor(ctx: Pick<Ctx, 'db'>, key: string): Promise<string | null> {
  return (await ctx.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
}

/**
 * Moves the cursor forward (never back: two passes at once leave the further one). Written first in its
 * transaction: on SQLite the first write takes the write lock, so what follows reads the latest commit.
 */
export async function advanceCursor(db: DbLike, key: string, last: string): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key, value: last })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))
        .where((eb) => eb('meta.value', '<', eb.ref('excluded.value'))),
    )
    .execute();
}
