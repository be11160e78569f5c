// SQL for org units. Every read takes the caller's scope; only start-up and import code passes SYSTEM_SCOPE.
import { sql, type Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { OrgUnitTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type OrgUnitRow = Selectable<OrgUnitTable>;
export type OrgUnitWithCount = OrgUnitRow & { childCount: number };

function withChildCount(db: DbLike) {
  return db
    .selectFrom('orgUnits as o')
    .selectAll('o')
    .select(sql<number>`(select count(*) from org_units c where c.parent_id = o.id)`.as('childCount'));
}

export async function listChildren(db: DbLike, scope: Scope, parentId: string): Promise<OrgUnitWithCount[]> {
  const rows = await withChildCount(db)
    .where('o.parentId', '=', parentId)
    .where((eb) => inScope(eb, 'o.path', scope))
    .orderBy('o.code')
    .execute();
  return rows.map((r) => ({ ...r, childCount: Number(r.childCount) }));
}

/** The units a scope starts at: the tops of the caller's subtrees. */
export async function listScopeRoots(db: DbLike, scope: Scope): Promise<OrgUnitWithCount[]> {
  if (scope.paths.includes('/')) {
    const rows = await withChildCount(db).where('o.parentId', 'is', null).orderBy('o.code').execute();
    return rows.map((r) => ({ ...r, childCount: Number(r.childCount) }));
  }
  if (scope.paths.length === 0) return [];
  const rows = await withChildCount(db).where('o.path', 'in', scope.paths).orderBy('o.code').execute();
  return rows.map((r) => ({ ...r, childCount: Number(r.childCount) }));
}

export async function findById(db: DbLike, scope: Scope, id: string): Promise<OrgUnitWithCount | undefined> {
  const row = await withChildCount(db).where('o.id', '=', id).where((eb) => inScope(eb, 'o.path', scope)).executeTakeFirst();
  return row && { ...row, childCount: Number(row.childCount) };
}

export async function findByCodes(db: DbLike, scope: Scope, codes: string[]): Promise<OrgUnitRow[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('orgUnits as o')
    .selectAll()
    .where('o.code', 'in', codes)
    .where((eb) => inScope(eb, 'o.path', scope))
    .execute();
}

/** Ancestors of a unit from the top, limited to what the scope lets the caller see. */
export async function findAncestors(db: DbLike, scope: Scope, unit: OrgUnitRow): Promise<OrgUnitWithCount[]> {
  const ids = unit.path.split('/').filter(Boolean).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await withChildCount(db)
    .where('o.id', 'in', ids)
    .where((eb) => inScope(eb, 'o.path', scope))
    .orderBy('o.depth')
    .execute();
  return rows.map((r) => ({ ...r, childCount: Number(r.childCount) }));
}

export async function codeExists(db: DbLike, code: string): Promise<boolean> {
  return !!(await db.selectFrom('orgUnits').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertOrgUnit(db: DbLike, row: OrgUnitRow): Promise<void> {
  await db.insertInto('orgUnits').values(row).execute();
}

export async function updateOrgUnit(db: DbLike, id: string, patch: Partial<Pick<OrgUnitRow, 'name' | 'level' | 'updatedAt'>>): Promise<void> {
  await db.updateTable('orgUnits').set(patch).where('id', '=', id).execute();
}

/** Moves a subtree: rewrites the path prefix and depth of the unit and everything below it. */
export async function moveSubtree(db: DbLike, unit: OrgUnitRow, newParent: OrgUnitRow, now: number): Promise<void> {
  const newPath = `${newParent.path}${unit.id}/`;
  const depthShift = newParent.depth + 1 - unit.depth;
  await db
    .updateTable('orgUnits')
    .set({
      path: sql`${newPath} || substr(path, ${unit.path.length + 1})`,
      depth: sql`depth + ${depthShift}`,
      updatedAt: now,
    })
    .where('path', 'like', `${unit.path}%`)
    .execute();
  await db.updateTable('orgUnits').set({ parentId: newParent.id }).where('id', '=', unit.id).execute();
}

export async function deleteOrgUnit(db: DbLike, id: string): Promise<void> {
  await db.deleteFrom('orgUnits').where('id', '=', id).execute();
}

export async function countUsersScopedTo(db: DbLike, id: string): Promise<number> {
  const row = await db.selectFrom('userScopes').select((eb) => eb.fn.countAll<number>().as('n')).where('orgUnitId', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sites and alert webhooks attached to the unit: deleting it would orphan them (and their check-ins). */
export async function countAttachedTo(db: DbLike, id: string): Promise<{ sites: number; webhooks: number }> {
  const count = async (table: 'sites' | 'webhooks') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('orgUnitId', '=', id).executeTakeFirstOrThrow()).n);
  return { sites: await count('sites'), webhooks: await count('webhooks') };
}
