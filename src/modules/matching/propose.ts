// Proposing merge candidates for new records of the person index. Runs inside the import engine's transaction for
// each committed batch, so it stays cheap: records are blocked by the blind indexes of their phone and of their
// name's pinyin (a few IN queries per batch), only blocked records are decrypted, and blocks too large to compare
// (a placeholder phone, a very common name) are skipped; such records still meet through their other key.
import type { Ctx } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { openPersonPii, type PersonPii } from '../people/pii.ts';
import { rootOf } from '../people/store.ts';
import { CANDIDATE_THRESHOLD, scorePair } from './similarity.ts';
import * as store from './store.ts';

/** Largest block compared: beyond this a key says little about identity and costs much. */
export const BLOCK_CAP = { phoneBidx: 20, nameBidx: 30 } as const;

export interface MatchSubject {
  personId: string;
  /** the person already holding this record's document under a name that sounds different */
  conflictWith?: string;
}

const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);

async function blocked(ctx: Ctx, column: store.BlockColumn, keys: string[]): Promise<store.PersonRow[]> {
  if (!keys.length) return [];
  const sizes = await store.blockSizes(ctx.db, column, keys);
  const usable = [...sizes].filter(([, n]) => n > 1 && n <= BLOCK_CAP[column]).map(([k]) => k);
  return usable.length ? store.personsInBlocks(ctx.db, column, usable) : [];
}

/**
 * Scores the subjects against the records sharing a phone or a name's pinyin with them, and records the pairs
 * at or above the threshold (and every document conflict) as open candidates in `orgPath`. A pair proposed
 * before keeps its first proposal and decision. Returns the number of candidates created.
 */
export async function proposeCandidates(ctx: Ctx, subjects: MatchSubject[], orgPath: string): Promise<number> {
  if (!subjects.length) return 0;
  const rows = await store.personsByIds(ctx.db, subjects.flatMap((s) => (s.conflictWith ? [s.personId, s.conflictWith] : [s.personId])));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const own = subjects.map((s) => byId.get(s.personId)).filter((r): r is store.PersonRow => !!r && !r.mergedInto);

  const byPhone = await blocked(ctx, 'phoneBidx', own.flatMap((r) => (r.phoneBidx ? [r.phoneBidx] : [])));
  const byName = await blocked(ctx, 'nameBidx', own.flatMap((r) => (r.nameBidx ? [r.nameBidx] : [])));
  const blocks = new Map<string, store.PersonRow[]>();
  const add = (key: string, p: store.PersonRow) => {
    const block = blocks.get(key);
    if (block) block.push(p);
    else blocks.set(key, [p]);
    byId.set(p.id, p);
  };
  for (const p of byPhone) add('p' + p.phoneBidx, p);
  for (const p of byName) add('n' + p.nameBidx, p);

  const pii = new Map<string, PersonPii>();
  const open = (id: string) => {
    let p = pii.get(id);
    if (!p) pii.set(id, (p = openPersonPii(ctx, byId.get(id)!)));
    return p;
  };

  const now = ctx.clock.now();
  const found = new Map<string, store.CandidateRow>();
  const propose = (x: string, y: string, sameDocument: boolean) => {
    const key = pairKey(x, y);
    if (x === y || (found.has(key) && !sameDocument)) return;
    const { score, reasons } = scorePair(open(x), open(y), { sameDocument });
    if (score < CANDIDATE_THRESHOLD && !sameDocument) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    found.set(key, { id: newId(now), personA: a, personB: b, orgPath, score, reasons: JSON.stringify(reasons), status: 'open', createdAt: now, decidedBy: null, decidedAt: null });
  };

  for (const s of subjects) {
    const subject = byId.get(s.personId);
    if (!subject || subject.mergedInto) continue;
    if (s.conflictWith && byId.has(s.conflictWith)) {
      const holder = byId.get(s.conflictWith)!.mergedInto ? await rootOf(ctx.db, s.conflictWith) : s.conflictWith;
      if (!byId.has(holder)) for (const r of await store.personsByIds(ctx.db, [holder])) byId.set(r.id, r);
      if (byId.has(holder)) propose(subject.id, holder, true);
    }
    const near = [...(subject.phoneBidx ? (blocks.get('p' + subject.phoneBidx) ?? []) : []), ...(subject.nameBidx ? (blocks.get('n' + subject.nameBidx) ?? []) : [])];
    for (const other of near) propose(subject.id, other.id, false);
  }
  return found.size ? store.insertCandidates(ctx.db, [...found.values()]) : 0;
}
