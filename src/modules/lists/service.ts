// Lists analysts import and tag people with (incoming, observation, high_risk) and the four categories.
// A list belongs to an org unit: it is read and written in that unit's scope.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pathInScope } from '../../core/scope.ts';
import { resolveOrgCodes } from '../org/service.ts';
import * as store from './store.ts';

export const LIST_KINDS = ['incoming', 'observation', 'high_risk', 'confirmed', 'suspected', 'fever', 'close_contact'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export const CATEGORY_KINDS: readonly ListKind[] = ['confirmed', 'suspected', 'fever', 'close_contact'];

/** Roles that import lists, merge people and export: the data team. */
const DATA_ROLES = new Set(['admin', 'analyst']);
/** Roles that read lists and people: the data team and commanders. */
const READ_ROLES = new Set(['admin', 'analyst', 'commander']);

export function requireDataRole(actor: Actor): void {
  if (!DATA_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
}

export function requirePeopleReader(actor: Actor): void {
  if (!READ_ROLES.has(actor.role)) throw forbidden('auth.forbidden');
}

export interface ListView {
  id: string;
  name: string;
  kind: ListKind;
  orgCode: string | null;
  watch: boolean;
  entries: number;
  active: number;
  createdAt: string;
}

const toView = (r: store.ListRow & { entries?: number; active?: number }, orgCode: string | null = null): ListView => ({
  id: r.id,
  name: r.name,
  kind: r.kind as ListKind,
  orgCode,
  watch: r.watch,
  entries: Number(r.entries ?? 0),
  active: Number(r.active ?? 0),
  createdAt: new Date(r.createdAt).toISOString(),
});

export interface NewList {
  name: string;
  kind: string;
  orgCode: string;
  watch?: boolean;
}

function checkName(name: string): string {
  const n = name.normalize('NFKC').trim();
  if (!n || n.length > 100) throw invalid('list.invalid_name', {}, 'name');
  return n;
}

export function checkListKind(kind: string): ListKind {
  if (!(LIST_KINDS as readonly string[]).includes(kind)) throw invalid('validation.enum', { field: 'kind', allowed: LIST_KINDS.join(', ') }, 'kind');
  return kind as ListKind;
}

export async function createList(ctx: Ctx, actor: Actor, input: NewList): Promise<ListView> {
  requireDataRole(actor);
  const name = checkName(input.name);
  const kind = checkListKind(input.kind);
  return inTransaction(ctx, async (tx) => {
    const [unit] = await resolveOrgCodes(tx, actor, [input.orgCode]);
    if (await store.listByName(tx.db, name)) throw conflict('list.name_taken', { name }, 'name');
    const row: store.ListRow = {
      id: newId(tx.clock.now()), name, kind, orgUnitId: unit.id, orgPath: unit.path,
      watch: input.watch ?? true, createdAt: tx.clock.now(), createdBy: actor.userId,
    };
    await store.insertList(tx.db, row);
    await recordAudit(tx, actor, { action: 'list.create', targetType: 'list', targetId: row.id, orgPath: row.orgPath, detail: { name, kind } });
    return toView(row, unit.code);
  });
}

/** The list of this name in the actor's scope; absent and out of scope look the same. */
export async function findListByName(ctx: Ctx, actor: Actor, name: string): Promise<store.ListRow> {
  const row = await store.listByName(ctx.db, name.normalize('NFKC').trim());
  if (!row || !pathInScope(actor.scope, row.orgPath)) throw notFound('list.not_found', { name });
  return row;
}

export async function getList(ctx: Ctx, actor: Actor, id: string): Promise<store.ListRow> {
  requirePeopleReader(actor);
  const row = await store.listById(ctx.db, actor.scope, id);
  if (!row) throw notFound('list.not_found', { name: id });
  return row;
}

export async function listLists(ctx: Ctx, actor: Actor): Promise<ListView[]> {
  requirePeopleReader(actor);
  const rows = await store.listsInScope(ctx.db, actor.scope);
  const units = new Map((await ctx.db.selectFrom('orgUnits').select(['id', 'code']).where('id', 'in', rows.length ? rows.map((r) => r.orgUnitId) : ['-']).execute()).map((u) => [u.id, u.code]));
  return rows.map((r) => toView(r, units.get(r.orgUnitId) ?? null));
}

export function assertCanWrite(actor: Actor, list: store.ListRow): void {
  requireDataRole(actor);
  if (!pathInScope(actor.scope, list.orgPath)) throw forbidden('list.out_of_scope');
}

export { store as listStore };
