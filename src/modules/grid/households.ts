// The households of a grid (一标三实): its addresses and who lives or works there, masked; in clear only with a
// purpose (audited). A worker's "my households" are those of the grids they hold posts for.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { MIN_PURPOSE_LENGTH } from '../../core/reveal.ts';
import { inScope, pathInScope } from '../../core/scope.ts';
import { validateIdNumber } from '../../core/validation/id-number.ts';
import { resolveOrgCodes } from '../org/service.ts';
import { keyRecord, resolvePersons } from '../people/service.ts';
import { addMember, addressKey, ADDRESS_KINDS, ensureAddress, MEMBER_RELATIONS, type AddressKind, type MemberRelation } from './addresses.ts';
import { GRID_LEVELS, postsOf } from './posts.ts';
import { personGroup } from './task-read.ts';
import { addressLines, personRefs, unitsByIds } from './task-view.ts';
import type { HouseholdView } from './types.ts';

const READERS = new Set(['admin', 'commander', 'analyst', 'officer', 'grid_worker']);
const WRITERS = new Set(['admin', 'analyst', 'officer', 'grid_worker']);

async function views(ctx: Ctx, rows: Array<{ id: string; orgUnitId: string; kind: string }>, clear = false): Promise<HouseholdView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const members = await ctx.db.selectFrom('householdMembers').selectAll().where('addressId', 'in', ids).orderBy('sinceAt').execute();
  const persons = await personRefs(ctx, members.map((m) => m.personId), clear);
  const lines = await addressLines(ctx, ids, clear);
  const units = await unitsByIds(ctx, rows.map((r) => r.orgUnitId));
  const open = await ctx.db.selectFrom('tasks').select(['addressId', (eb) => eb.fn.countAll<number>().as('n')]).where('addressId', 'in', ids).where('status', '=', 'open').groupBy('addressId').execute();
  const openBy = new Map(open.map((o) => [o.addressId, Number(o.n)]));
  return rows.map((r) => ({
    id: r.id, orgUnit: units.get(r.orgUnitId)!, kind: r.kind, address: lines.get(r.id) ?? '',
    members: members.filter((m) => m.addressId === r.id && persons.has(m.personId)).map((m) => ({ person: persons.get(m.personId)!, relation: m.relation, source: m.source })),
    openTasks: openBy.get(r.id) ?? 0,
  }));
}

export async function listHouseholds(ctx: Ctx, actor: Actor, q: { orgId?: string; q?: string; personId?: string; limit?: number; offset?: number }): Promise<{ items: HouseholdView[]; total: number }> {
  if (!READERS.has(actor.role)) throw forbidden('auth.forbidden');
  let paths: string[];
  if (q.orgId) {
    const u = await ctx.db.selectFrom('orgUnits').select('path').where('id', '=', q.orgId).executeTakeFirst();
    if (!u || !pathInScope(actor.scope, u.path)) throw notFound('org.not_found', { code: q.orgId });
    paths = [u.path];
  } else if (q.personId) {
    // a person's households: wherever they are in the caller's scope, not only in the caller's post grids
    paths = actor.scope.paths;
  } else {
    const posts = await postsOf(ctx, actor.userId);
    paths = posts.length ? posts.map((p) => p.orgUnit.path) : actor.scope.paths;
  }
  let base = ctx.db.selectFrom('addresses').where((eb) => inScope(eb, 'orgPath', actor.scope)).where((eb) => eb.or(paths.map((p) => eb('orgPath', 'like', `${p}%`))));
  if (q.personId) {
    const ids = await personGroup(ctx, q.personId);
    base = base.where('id', 'in', (eb) => eb.selectFrom('householdMembers').select('addressId').where('personId', 'in', ids));
  }
  const term = q.q?.trim();
  if (term) {
    // sealed data is found by its blind index: a member's ID number, or the whole address
    const idCheck = validateIdNumber('resident_id', term);
    if (idCheck.ok) {
      const persons = await ctx.db.selectFrom('persons').select('id').where('idBidx', '=', ctx.blindIndex.of('id_number', idCheck.value)).execute();
      const ids = persons.length ? persons.map((p) => p.id) : [''];
      base = base.where('id', 'in', (eb) => eb.selectFrom('householdMembers').select('addressId').where('personId', 'in', ids));
    } else base = base.where('addressBidx', '=', addressKey(ctx.blindIndex, { line: term }));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await base.select(['id', 'orgUnitId', 'kind']).orderBy('orgPath').orderBy('id').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { items: await views(ctx, rows), total };
}

async function householdInScope(ctx: Ctx, actor: Actor, id: string) {
  const row = await ctx.db.selectFrom('addresses').select(['id', 'orgUnitId', 'orgPath', 'kind']).where('id', '=', id).executeTakeFirst();
  if (!row || !pathInScope(actor.scope, row.orgPath)) throw notFound('grid.address_not_found');
  return row;
}

export async function createAddress(
  ctx: Ctx,
  actor: Actor,
  input: { orgCode: string; line: string; building?: string; unit?: string; room?: string; kind: string },
): Promise<HouseholdView> {
  if (!WRITERS.has(actor.role)) throw forbidden('auth.forbidden');
  if (!input.line.trim()) throw invalid('validation.required', { field: 'line' }, 'line');
  if (!(ADDRESS_KINDS as readonly string[]).includes(input.kind)) throw invalid('validation.enum', { field: 'kind', allowed: ADDRESS_KINDS.join(', ') }, 'kind');
  return inTransaction(ctx, async (tx) => {
    const [unit] = await resolveOrgCodes(tx, actor, [input.orgCode]);
    if (!GRID_LEVELS.has(unit.level)) throw invalid('grid.address_level', { code: unit.code }, 'orgCode');
    const { id, created } = await ensureAddress(tx, { orgUnitId: unit.id, kind: input.kind as AddressKind, parts: input, source: 'manual' });
    if (!created) throw invalid('grid.address_exists', {}, 'line');
    await recordAudit(tx, actor, { action: 'household.create', targetType: 'address', targetId: id, orgPath: unit.path, detail: { unit: unit.code } });
    return (await views(tx, [{ id, orgUnitId: unit.id, kind: input.kind }]))[0];
  });
}

export async function addHouseholdMember(
  ctx: Ctx,
  actor: Actor,
  addressId: string,
  input: { name: string; idNumber?: string; phone?: string; relation: string },
): Promise<HouseholdView> {
  if (!WRITERS.has(actor.role)) throw forbidden('auth.forbidden');
  if (!input.name.trim()) throw invalid('validation.required', { field: 'name' }, 'name');
  if (!(MEMBER_RELATIONS as readonly string[]).includes(input.relation)) throw invalid('validation.enum', { field: 'relation', allowed: MEMBER_RELATIONS.join(', ') }, 'relation');
  let idNumber: string | undefined;
  if (input.idNumber?.trim()) {
    const r = validateIdNumber('resident_id', input.idNumber.trim());
    if (!r.ok) throw invalid(`validation.${r.reason}`, {}, 'idNumber');
    idNumber = r.value;
  }
  return inTransaction(ctx, async (tx) => {
    const row = await householdInScope(tx, actor, addressId);
    const record = keyRecord(tx, { name: input.name.trim(), idType: idNumber ? 'resident_id' : null, idNumber: idNumber ?? null, phone: input.phone?.trim() || null });
    const { personIds } = await resolvePersons(tx, [record], 'officer');
    await addMember(tx, { addressId, personId: personIds[0], relation: input.relation as MemberRelation, source: 'manual', sinceAt: tx.clock.now() });
    await recordAudit(tx, actor, { action: 'household.member_add', targetType: 'address', targetId: addressId, orgPath: row.orgPath, detail: { person: personIds[0], relation: input.relation } });
    return (await views(tx, [row]))[0];
  });
}

export async function revealHousehold(ctx: Ctx, actor: Actor, id: string, purpose: string): Promise<HouseholdView> {
  if (!READERS.has(actor.role)) throw forbidden('auth.forbidden');
  if (purpose.trim().length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'purpose');
  const row = await householdInScope(ctx, actor, id);
  const [view] = await views(ctx, [row], true);
  await recordAudit(ctx, actor, { action: 'household.reveal', targetType: 'address', targetId: id, purpose: purpose.trim(), orgPath: row.orgPath, detail: { members: view.members.length } });
  return view;
}
