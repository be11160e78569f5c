// Floating registrations attach to the address they give: a background pass, like the person index
// (people/checkin-indexer.ts), reads the check-ins after a cursor kept in `meta` and, for each floating arrival with
// a document and an address, finds or adds the address in the grid of the registration desk (residence, source
// 'floating') and makes the person a 'floating' member of it. It must not slow check-in ingest: the batch is a
// range of ids read without their sealed documents; only floating rows are opened, what is known already (address,
// person, membership) is found before any transaction, and the transaction writes only what is new, with the cursor.
import type { FastifyBaseLogger } from 'fastify';
import { BackgroundPass, inBatches } from '../../core/background-pass.ts';
import { advanceCursor, idTimePrefix, readCursor } from '../../core/checkin-cursor.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { dayStartMs } from '../../core/local-day.ts';
import { openPii } from '../checkins/pii.ts';
import { keyRecord, resolvePersons, type KeyedRecord } from '../people/service.ts';
import { personsByIdBidx } from '../people/store.ts';
import { addMember, addressKey, ensureAddress, type AddressParts } from './addresses.ts';

export const FLOATING_CURSOR_KEY = 'grid.floating_cursor';

export interface FloatingOptions {
  /** check-ins read per batch (and per transaction) */
  batch?: number;
  /** only check-ins older than this are read (see checkin-indexer.ts: a younger id may still be on its way) */
  settleMs?: number;
}

export interface FloatingResult {
  /** check-ins read (of every kind) */
  read: number;
  /** memberships added */
  attached: number;
  addressesCreated: number;
  cursor: string | null;
}

interface Stay {
  parts: AddressParts;
  key: string;
  orgUnitId: string;
  record: KeyedRecord;
  sinceAt: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Where a floating row says its person stays, or null (no street line: nothing a worker could find). */
function stayOf(ctx: Ctx, row: { piiEnc: string; idType: string | null; idBidx: string | null; at: number }, orgUnitId: string): Stay | null {
  const pii = openPii(ctx, row);
  const address = pii.details?.address as Record<string, unknown> | undefined;
  const line = text(address?.line);
  if (!line) return null;
  const parts: AddressParts = { line, building: text(address?.building) || null, unit: text(address?.unit) || null, room: text(address?.room) || null };
  const arrival = text((pii.details?.floating as { arrivalDate?: unknown } | undefined)?.arrivalDate);
  const arrivedAt = /^\d{4}-\d{2}-\d{2}$/.test(arrival) ? dayStartMs(arrival) : NaN;
  const at = Number(row.at);
  return {
    parts,
    key: addressKey(ctx.blindIndex, parts),
    orgUnitId,
    record: { ...keyRecord(ctx, { name: pii.name, idType: row.idType, idNumber: pii.idNumber ?? null, phone: pii.phone ?? null }), idBidx: row.idBidx },
    // since the day of arrival they give, unless that is after the registration itself
    sinceAt: Number.isFinite(arrivedAt) && arrivedAt <= at ? arrivedAt : at,
  };
}

/** One batch: read, find what is new, then one transaction that writes it and moves the cursor. */
export async function attachFloatingBatch(ctx: Ctx, opts: FloatingOptions = {}): Promise<FloatingResult> {
  const batch = opts.batch ?? 1000;
  const cursor = await readCursor(ctx, FLOATING_CURSOR_KEY);
  let q = ctx.db.selectFrom('checkins').select(['id', 'kind', 'idBidx', 'dwellingBidx']).orderBy('id').limit(batch);
  if (cursor) q = q.where('id', '>', cursor);
  if (opts.settleMs) q = q.where('id', '<', idTimePrefix(ctx.clock.now() - opts.settleMs));
  const range = await q.execute();
  if (!range.length) return { read: 0, attached: 0, addressesCreated: 0, cursor };
  const last = range[range.length - 1].id;

  // A floating arrival with a document and an address (its dwelling key says it gave one).
  const wanted = range.filter((r) => r.kind === 'floating' && r.idBidx && r.dwellingBidx).map((r) => r.id);
  let stays: Stay[] = [];
  if (wanted.length) {
    const rows = await ctx.db
      .selectFrom('checkins')
      .innerJoin('sites', 'sites.id', 'checkins.siteId')
      .select(['checkins.piiEnc', 'checkins.idType', 'checkins.idBidx', 'checkins.at', 'sites.orgUnitId'])
      .where('checkins.id', 'in', wanted)
      .execute();
    stays = rows.map((r) => stayOf(ctx, r, r.orgUnitId)).filter((s): s is Stay => !!s);
  }

  // Read before write: a person registering again at the same address needs nothing.
  const persons = new Map((await personsByIdBidx(ctx.db, stays.map((s) => s.record.idBidx!))).map((p) => [p.idBidx!, p.mergedInto ?? p.id]));
  const addresses = new Map<string, string>();
  if (stays.length) {
    for (const a of await ctx.db.selectFrom('addresses').select(['id', 'addressBidx']).where('addressBidx', 'in', [...new Set(stays.map((s) => s.key))]).execute()) addresses.set(a.addressBidx, a.id);
  }
  const knownPairs = stays.filter((s) => addresses.has(s.key) && persons.has(s.record.idBidx!));
  const members = new Set<string>();
  if (knownPairs.length) {
    const rows = await ctx.db
      .selectFrom('householdMembers')
      .select(['addressId', 'personId'])
      .where('addressId', 'in', [...new Set(knownPairs.map((s) => addresses.get(s.key)!))])
      .where('personId', 'in', [...new Set(knownPairs.map((s) => persons.get(s.record.idBidx!)!))])
      .execute();
    for (const m of rows) members.add(`${m.addressId}|${m.personId}`);
  }
  const seen = new Set<string>();
  const todo = stays.filter((s) => {
    const pair = `${s.key}|${s.record.idBidx}`;
    if (seen.has(pair)) return false;
    seen.add(pair);
    const [a, p] = [addresses.get(s.key), persons.get(s.record.idBidx!)];
    return !(a && p && members.has(`${a}|${p}`));
  });

  const written = await inTransaction(ctx, async (tx) => {
    await advanceCursor(tx.db, FLOATING_CURSOR_KEY, last);
    if (!todo.length) return { attached: 0, addressesCreated: 0 };
    const { personIds } = await resolvePersons(tx, todo.map((s) => s.record), 'checkin');
    let attached = 0;
    let addressesCreated = 0;
    for (const [i, s] of todo.entries()) {
      let addressId = addresses.get(s.key);
      if (!addressId) {
        const a = await ensureAddress(tx, { orgUnitId: s.orgUnitId, kind: 'residence', parts: s.parts, source: 'floating' });
        addresses.set(s.key, (addressId = a.id));
        if (a.created) addressesCreated++;
      }
      if (await addMember(tx, { addressId, personId: personIds[i], relation: 'floating', source: 'floating', sinceAt: s.sinceAt })) attached++;
    }
    return { attached, addressesCreated };
  });
  return { read: range.length, ...written, cursor: last };
}

/** Batches until the check-ins are all read: for tests, the demo and the background pass. */
export async function attachFloating(ctx: Ctx, opts: FloatingOptions = {}): Promise<FloatingResult> {
  const batch = opts.batch ?? 1000;
  const total: FloatingResult = { read: 0, attached: 0, addressesCreated: 0, cursor: null };
  for (;;) {
    const r = await attachFloatingBatch(ctx, { ...opts, batch });
    total.read += r.read;
    total.attached += r.attached;
    total.addressesCreated += r.addressesCreated;
    total.cursor = r.cursor;
    if (r.read < batch) return total;
  }
}

/** The background pass of a server: every intervalMs; a backlog goes batch by batch. */
export function floatingHouseholdPass(ctx: Ctx, log: FastifyBaseLogger, opts: { batch?: number; settleMs?: number; intervalMs?: number } = {}): BackgroundPass {
  const batch = opts.batch ?? 1000;
  return new BackgroundPass('floating household pass', opts.intervalMs ?? 5000, (stopped) => inBatches(stopped, batch, () => attachFloatingBatch(ctx, { batch, settleMs: opts.settleMs ?? 5000 })), log, { exclusive: { ctx, name: 'grid.floating_households' } });
}
