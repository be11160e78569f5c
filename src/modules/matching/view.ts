// The two records of a candidate or a merge as the analyst compares them: masked, with what tells them apart
// without clear values (birth year, gender, where each record came from).
import type { Actor, Ctx } from '../../core/context.ts';
import { maskedPersonFacts, openPersonPii } from '../people/pii.ts';
import * as store from './store.ts';

export interface MergePersonView {
  id: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  /** where the record was first made: 'checkin' | 'import' | 'officer' */
  source: string;
  /** the lists in the caller's scope the record is on */
  lists: string[];
  /** the record it was merged into, when it was */
  mergedInto: string | null;
}

const gone = (id: string): MergePersonView => ({ id, name: null, idNumber: null, phone: null, birthYear: null, gender: null, source: 'unknown', lists: [], mergedInto: null });

export async function personViews(ctx: Ctx, actor: Actor, ids: string[]): Promise<Map<string, MergePersonView>> {
  const rows = await store.personsByIds(ctx.db, ids);
  const lists = await store.listNamesOf(ctx.db, actor.scope, ids);
  const out = new Map(ids.map((id) => [id, gone(id)]));
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      ...maskedPersonFacts(openPersonPii(ctx, r)),
      source: r.source,
      lists: lists.get(r.id) ?? [],
      mergedInto: r.mergedInto,
    });
  }
  return out;
}
