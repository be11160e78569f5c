// Org hierarchy: browse within scope; administrators add, rename, move and remove units inside their scope.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pathInScope } from '../../core/scope.ts';
import * as store from './store.ts';
import type { OrgUnitRow, OrgUnitWithCount } from './store.ts';

export const ORG_LEVELS = ['region', 'city', 'county', 'township', 'community', 'building', 'door'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
const CODE_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

export interface OrgUnitView {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  childCount: number;
}

export function toView(u: OrgUnitWithCount): OrgUnitView {
  return { id: u.id, code: u.code, name: u.name, level: u.level, parentId: u.parentId, childCount: u.childCount };
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden('auth.forbidden');
}

function checkCode(code: string): void {
  if (!CODE_PATTERN.test(code)) throw invalid('org.invalid_code', { code }, 'code');
}

function checkLevel(level: string): asserts level is OrgLevel {
  if (!(ORG_LEVELS as readonly string[]).includes(level)) {
    throw invalid('validation.enum', { field: 'level', allowed: ORG_LEVELS.join(', ') }, 'level');
  }
}

async function getInScope(ctx: Ctx, actor: Actor, id: string): Promise<OrgUnitWithCount> {
  const unit = await store.findById(ctx.db, actor.scope, id);
  // Out of scope and absent look the same: the caller learns nothing about other subtrees.
  if (!unit) throw notFound('org.not_found', { code: id });
  return unit;
}

export async function listOrgUnits(ctx: Ctx, actor: Actor, parentId?: string): Promise<OrgUnitView[]> {
  if (!parentId) return (await store.listScopeRoots(ctx.db, actor.scope)).map(toView);
  await getInScope(ctx, actor, parentId);
  return (await store.listChildren(ctx.db, actor.scope, parentId)).map(toView);
}

export async function getOrgUnit(ctx: Ctx, actor: Actor, id: string): Promise<{ unit: OrgUnitView; ancestors: OrgUnitView[] }> {
  const unit = await getInScope(ctx, actor, id);
  const ancestors = await store.findAncestors(ctx.db, actor.scope, unit);
  return { unit: toView(unit), ancestors: ancestors.map(toView) };
}

export interface NewOrgUnit {
  code: string;
  name: string;
  level: string;
  parentId: string | null;
}

export async function createOrgUnit(ctx: Ctx, actor: Actor, input: NewOrgUnit): Promise<OrgUnitView> {
  requireAdmin(actor);
  checkCode(input.code);
  checkLevel(input.level);
  const name = input.name.trim();
  if (!name) throw invalid('validation.required', { field: 'name' }, 'name');
  return inTransaction(ctx, async (tx) => {
    let parent: OrgUnitRow | null = null;
    if (input.parentId) parent = await getInScope(tx, actor, input.parentId);
    // A new top of the tree is outside every subtree: only the operator (CLI) may create one.
    else if (!actor.scope.paths.includes('/')) throw forbidden('auth.out_of_scope');
    if (await store.codeExists(tx.db, input.code)) throw conflict('org.duplicate_code', { code: input.code }, 'code');
    const id = newId(tx.clock.now());
    const now = tx.clock.now();
    const row: OrgUnitRow = {
      id,
      code: input.code,
      name,
      level: input.level,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      createdAt: now,
      updatedAt: now,
    };
    await store.insertOrgUnit(tx.db, row);
    await recordAudit(tx, actor, { action: 'org.create', targetType: 'org_unit', targetId: id, orgPath: row.path, detail: { code: row.code, name } });
    return toView({ ...row, childCount: 0 });
  });
}

export interface OrgUnitPatch {
  name?: string;
  level?: string;
  parentId?: string;
}

export async function updateOrgUnit(ctx: Ctx, actor: Actor, id: string, patch: OrgUnitPatch): Promise<OrgUnitView> {
  requireAdmin(actor);
  if (patch.level !== undefined) checkLevel(patch.level);
  const name = patch.name?.trim();
  if (patch.name !== undefined && !name) throw invalid('validation.required', { field: 'name' }, 'name');
  return inTransaction(ctx, async (tx) => {
    const unit = await getInScope(tx, actor, id);
    const now = tx.clock.now();
    if (patch.parentId !== undefined && patch.parentId !== unit.parentId) {
      // Moving a scope root would take it out of the subtree that grants the right to move it.
      if (!actor.scope.paths.some((p) => unit.path.startsWith(p) && unit.path !== p) && !actor.scope.paths.includes('/')) {
        throw forbidden('auth.out_of_scope');
      }
      const parent = await getInScope(tx, actor, patch.parentId);
      if (parent.path.startsWith(unit.path)) throw invalid('org.cycle', {}, 'parentId');
      await store.moveSubtree(tx.db, unit, parent, now);
    }
    const changes = { ...(name !== undefined && { name }), ...(patch.level !== undefined && { level: patch.level }) };
    await store.updateOrgUnit(tx.db, id, { ...changes, updatedAt: now });
    const updated = await getInScope(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'org.update',
      targetType: 'org_unit',
      targetId: id,
      orgPath: updated.path,
      detail: { code: unit.code, ...changes, ...(patch.parentId !== undefined && { parentId: patch.parentId }) },
    });
    return toView(updated);
  });
}

export async function deleteOrgUnit(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor);
  await inTransaction(ctx, async (tx) => {
    const unit = await getInScope(tx, actor, id);
    if (actor.scope.paths.includes(unit.path)) throw forbidden('auth.out_of_scope');
    if (unit.childCount > 0) throw conflict('org.has_children');
    if ((await store.countUsersScopedTo(tx.db, id)) > 0) throw conflict('org.in_use');
    const attached = await store.countAttachedTo(tx.db, id);
    if (attached.sites > 0) throw conflict('org.has_sites', { n: attached.sites });
    if (attached.webhooks > 0) throw conflict('org.has_webhooks', { n: attached.webhooks });
    await store.deleteOrgUnit(tx.db, id);
    await recordAudit(tx, actor, { action: 'org.delete', targetType: 'org_unit', targetId: id, orgPath: unit.path, detail: { code: unit.code, name: unit.name } });
  });
}

/** Resolves org codes to units inside the caller's scope; a code outside it reads as unknown. */
export async function resolveOrgCodes(ctx: Ctx, actor: Actor, codes: string[]): Promise<OrgUnitRow[]> {
  const unique = [...new Set(codes)];
  const units = await store.findByCodes(ctx.db, actor.scope, unique);
  const missing = unique.find((c) => !units.some((u) => u.code === c));
  if (missing) throw notFound('org.not_found', { code: missing }, 'orgCodes');
  return units;
}

export function unitPathsInScope(actor: Actor, paths: string[]): boolean {
  return paths.every((p) => pathInScope(actor.scope, p));
}
