// The person master index: one person per ID document, whatever the source (check-ins, imports, officers).
// Records without a usable document become persons of their own and are offered for merging (see matching/).
import type { Ctx } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { pinyinKey } from './name-key.ts';
import { residentIdFacts, sealPersonPii, type PersonPii } from './pii.ts';
import * as store from './store.ts';

export interface PersonRecord {
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  birthDate?: string | null;
  gender?: 'male' | 'female' | null;
  address?: string | null;
}

export type PersonSource = 'checkin' | 'import' | 'officer';

/** The index keys of a record: computed once, used to look up, insert and match. */
export interface KeyedRecord extends PersonRecord {
  idBidx: string | null;
  phoneBidx: string | null;
  nameBidx: string | null;
  addressBidx?: string | null;
}

export function keyRecord(ctx: Pick<Ctx, 'blindIndex'>, r: PersonRecord): KeyedRecord {
  const py = pinyinKey(r.name);
  return {
    ...r,
    idBidx: r.idNumber ? ctx.blindIndex.of('id_number', r.idNumber) : null,
    phoneBidx: r.phone ? ctx.blindIndex.of('phone', r.phone) : null,
    nameBidx: py ? ctx.blindIndex.of('pinyin', py) : null,
    addressBidx: r.address?.trim() ? ctx.blindIndex.of('address', r.address) : null,
  };
}

function personPii(r: PersonRecord): PersonPii {
  const facts = r.idType === 'resident_id' && r.idNumber ? residentIdFacts(r.idNumber) : null;
  const birthDate = r.birthDate ?? facts?.birthDate;
  const gender = r.gender ?? facts?.gender;
  return {
    name: r.name,
    ...(r.idNumber && { idNumber: r.idNumber }),
    ...(r.phone && { phone: r.phone }),
    ...(birthDate && { birthDate }),
    ...(gender && { gender }),
    ...(r.address && { address: r.address }),
  };
}

export function newPersonRow(ctx: Pick<Ctx, 'cipher' | 'clock'>, r: KeyedRecord, source: PersonSource): store.PersonRow {
  const now = ctx.clock.now();
  return {
    id: newId(now),
    idBidx: r.idBidx,
    idType: r.idBidx ? r.idType : null,
    piiEnc: sealPersonPii(ctx, personPii(r)),
    phoneBidx: r.phoneBidx,
    nameBidx: r.nameBidx,
    addressBidx: r.addressBidx ?? null,
    source,
    mergedInto: null,
    createdAt: now,
    updatedAt: now,
  };
}

export interface Resolved {
  /** id of the person each record belongs to, in the order given */
  personIds: string[];
  /** persons created by this call (records without a document each get one) */
  created: store.PersonRow[];
  /** records whose document was already indexed under a name that sounds different: candidates for review */
  conflicts: { index: number; personId: string }[];
}

/**
 * Finds or creates the person of each record: by the document's blind index when there is one (one person per
 * document), otherwise a new person. Runs in the caller's transaction; batch the records (hundreds at a time).
 */
export async function resolvePersons(ctx: Ctx, records: KeyedRecord[], source: PersonSource): Promise<Resolved> {
  const withId = records.map((r) => r.idBidx).filter((b): b is string => !!b);
  const found = new Map((await store.personsByIdBidx(ctx.db, withId)).map((p) => [p.idBidx!, p]));
  const created: store.PersonRow[] = [];
  const conflicts: Resolved['conflicts'] = [];
  const personIds = records.map((r, index) => {
    const known = r.idBidx ? found.get(r.idBidx) : undefined;
    if (known) {
      if (known.nameBidx && r.nameBidx && known.nameBidx !== r.nameBidx) conflicts.push({ index, personId: known.mergedInto ?? known.id });
      return known.mergedInto ?? known.id;
    }
    const row = newPersonRow(ctx, r, source);
    created.push(row);
    if (row.idBidx) found.set(row.idBidx, row);
    return row.id;
  });
  if (created.length) {
    await store.insertPersons(ctx.db, created);
    // A concurrent writer may have indexed some documents first: take its persons for those. A SQLite transaction
    // holds the write lock from its start (see database.ts), so nobody can have written in between there.
    const mine = ctx.dialect === 'sqlite' && ctx.db.isTransaction ? [] : created.filter((p) => p.idBidx);
    if (mine.length) {
      const now = new Map((await store.personsByIdBidx(ctx.db, mine.map((p) => p.idBidx!))).map((p) => [p.idBidx!, p.id]));
      const lost = new Set(mine.filter((p) => now.get(p.idBidx!) !== p.id).map((p) => p.id));
      if (lost.size) {
        for (let i = 0; i < personIds.length; i++) {
          const b = records[i].idBidx;
          if (b && lost.has(personIds[i])) personIds[i] = now.get(b)!;
        }
        return { personIds, created: created.filter((p) => !lost.has(p.id)), conflicts };
      }
    }
  }
  return { personIds, created, conflicts };
}
