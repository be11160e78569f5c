// A list's entries as staff see them: masked, newest first, a page at a time (keyset on the time-ordered id).
import type { Actor, Ctx } from '../../core/context.ts';
import { maskIdNumber, maskName, maskPhone } from '../../core/masking.ts';
import { openEntryPii } from './pii.ts';
import { getList } from './service.ts';

export interface EntryView {
  id: string;
  personId: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  origin: string | null;
  listedAt: string | null;
  source: string;
  createdAt: string;
  endedAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function listEntries(ctx: Ctx, actor: Actor, listId: string, opts: { limit: number; before?: string }): Promise<{ items: EntryView[]; nextBefore: string | null }> {
  const list = await getList(ctx, actor, listId);
  let q = ctx.db
    .selectFrom('listEntries')
    .select(['id', 'personId', 'piiEnc', 'origin', 'listedAt', 'source', 'createdAt', 'endedAt'])
    .where('listId', '=', list.id)
    .orderBy('id', 'desc')
    .limit(opts.limit + 1);
  if (opts.before) q = q.where('id', '<', opts.before);
  const rows = await q.execute();
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => {
      const pii = openEntryPii(ctx, r);
      return {
        id: r.id, personId: r.personId, name: maskName(pii.name), idNumber: maskIdNumber(pii.idNumber), phone: maskPhone(pii.phone),
        origin: r.origin, listedAt: iso(r.listedAt), source: r.source, createdAt: iso(r.createdAt)!, endedAt: iso(r.endedAt),
      };
    }),
    nextBefore: rows.length > opts.limit ? page[page.length - 1].id : null,
  };
}
