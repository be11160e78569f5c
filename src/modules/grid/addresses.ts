// Standard addresses of a grid and who lives or works there (一标三实, kept light). An address is one blind-indexed
// key: the same address from an imported household list, a floating registration or a worker's entry is one row,
// and a person's registered address from the lists (persons.address_bidx) finds it without opening anything.
import type { Ctx } from '../../core/context.ts';
import type { BlindIndex } from '../../core/crypto.ts';
import { newId } from '../../core/ids.ts';

export const ADDRESS_KINDS = ['residence', 'workplace'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export const MEMBER_RELATIONS = ['resident', 'owner', 'tenant', 'worker', 'floating'] as const;
export type MemberRelation = (typeof MEMBER_RELATIONS)[number];
export type AddressSource = 'import' | 'floating' | 'manual';

export interface AddressParts {
  line: string;
  building?: string | null;
  unit?: string | null;
  room?: string | null;
}

const ADDRESS_CONTEXT = 'address.line';

/** The address as one text, the way a person's registered address is written in the lists ("…3号楼2单元501室"). */
export function normalizeAddress(p: AddressParts): string {
  return [p.line, p.building, p.unit, p.room].map((s) => (s ?? '').normalize('NFKC').trim()).filter(Boolean).join('');
}

/** The blind index persons.address_bidx is also written with (people/service.ts keyRecord). */
export function addressKey(blindIndex: Pick<BlindIndex, 'of'>, p: AddressParts): string {
  return blindIndex.of('address', normalizeAddress(p));
}

export function sealAddress(ctx: Pick<Ctx, 'cipher'>, p: AddressParts): string {
  const parts: AddressParts = { line: p.line.trim(), ...(p.building && { building: p.building }), ...(p.unit && { unit: p.unit }), ...(p.room && { room: p.room }) };
  return ctx.cipher.encrypt(ADDRESS_CONTEXT, JSON.stringify(parts));
}

export function openAddress(ctx: Pick<Ctx, 'cipher'>, row: { lineEnc: string }): AddressParts {
  return JSON.parse(ctx.cipher.decrypt(ADDRESS_CONTEXT, row.lineEnc)) as AddressParts;
}

/**
 * Masked as screens show it: the street or compound stays (a worker needs it to find the door), the number of the
 * building, unit and room does not.
 */
export function maskAddress(p: AddressParts): string {
  const line = p.line.replace(/\d+/g, (d) => '*'.repeat(Math.min(d.length, 3)));
  const rest = [p.building, p.unit, p.room].filter(Boolean).map((s) => s!.replace(/\d+/g, '*'));
  return [line, ...rest].join('');
}

/** Finds the address by its key, or adds it to the grid given. Runs in the caller's transaction. */
export async function ensureAddress(ctx: Ctx, input: { orgUnitId: string; kind: AddressKind; parts: AddressParts; source: AddressSource }): Promise<{ id: string; created: boolean }> {
  const key = addressKey(ctx.blindIndex, input.parts);
  const found = await ctx.db.selectFrom('addresses').select('id').where('addressBidx', '=', key).executeTakeFirst();
  if (found) return { id: found.id, created: false };
  const unit = await ctx.db.selectFrom('orgUnits').select(['id', 'path']).where('id', '=', input.orgUnitId).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const id = newId(now);
  const inserted = await ctx.db
    .insertInto('addresses')
    .values({ id, orgUnitId: unit.id, orgPath: unit.path, kind: input.kind, lineEnc: sealAddress(ctx, input.parts), addressBidx: key, source: input.source, createdAt: now, updatedAt: now })
    .onConflict((oc) => oc.column('addressBidx').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { id, created: true };
  // another writer added it in between
  const winner = await ctx.db.selectFrom('addresses').select('id').where('addressBidx', '=', key).executeTakeFirstOrThrow();
  return { id: winner.id, created: false };
}

/** Adds a person to an address; false when they are a member already. */
export async function addMember(ctx: Ctx, m: { addressId: string; personId: string; relation: MemberRelation; source: AddressSource; sinceAt: number }): Promise<boolean> {
  const r = await ctx.db
    .insertInto('householdMembers')
    .values({ ...m, createdAt: ctx.clock.now() })
    .onConflict((oc) => oc.columns(['addressId', 'personId']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}
