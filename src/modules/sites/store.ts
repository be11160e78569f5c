// SQL for sites. A site's scope is the path of its org unit: every read that a person makes joins org_units
// and filters with the caller's scope; only the public token check reads a site without one.
import { sql, type Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { SiteTable } from '../../db/tables.ts';
import { inScope, type Scope } from '../../core/scope.ts';

export type SiteRow = Selectable<SiteTable>;
export type SiteWithOrg = SiteRow & { orgCode: string; orgName: string; orgPath: string };

function sitesWithOrg(db: DbLike) {
  return db
    .selectFrom('sites as s')
    .innerJoin('orgUnits as o', 'o.id', 's.orgUnitId')
    .selectAll('s')
    .select(['o.code as orgCode', 'o.name as orgName', 'o.path as orgPath']);
}

export interface SiteFilter {
  /** sites of this unit and every unit below it */
  orgId?: string;
  kind?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listSites(db: DbLike, scope: Scope, f: SiteFilter): Promise<{ rows: SiteWithOrg[]; total: number }> {
  let base = db.selectFrom('sites as s').innerJoin('orgUnits as o', 'o.id', 's.orgUnitId').where((eb) => inScope(eb, 'o.path', scope));
  if (f.kind) base = base.where('s.kind', '=', f.kind);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('s.name', 'like', like), eb('s.code', 'like', f.q!.toUpperCase())]));
  }
  if (f.orgId) {
    const orgId = f.orgId;
    base = base.where(({ exists, selectFrom }) =>
      exists(selectFrom('orgUnits as f').select('f.id').where('f.id', '=', orgId).where(sql<boolean>`o.path like f.path || '%'`)),
    );
  }
  const [rows, count] = await Promise.all([
    base
      .selectAll('s')
      .select(['o.code as orgCode', 'o.name as orgName', 'o.path as orgPath'])
      .orderBy('o.path')
      .orderBy('s.code')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findByCode(db: DbLike, scope: Scope, code: string): Promise<SiteWithOrg | undefined> {
  return sitesWithOrg(db).where('s.code', '=', code).where((eb) => inScope(eb, 'o.path', scope)).executeTakeFirst();
}

export async function findByCodes(db: DbLike, scope: Scope, codes: string[]): Promise<SiteWithOrg[]> {
  if (codes.length === 0) return [];
  return sitesWithOrg(db).where('s.code', 'in', codes).where((eb) => inScope(eb, 'o.path', scope)).execute();
}

/** Unscoped: only for a token that our key signed, which names this site. */
export async function findForToken(db: DbLike, code: string): Promise<SiteWithOrg | undefined> {
  return sitesWithOrg(db).where('s.code', '=', code).executeTakeFirst();
}

/** Unscoped: uniqueness of a generated code. */
export async function codeExists(db: DbLike, code: string): Promise<boolean> {
  return !!(await db.selectFrom('sites').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertSite(db: DbLike, row: SiteRow): Promise<void> {
  await db.insertInto('sites').values(row).execute();
}

/**
 * Rotation in one statement, so two administrators rotating at once cannot both move from the same generation:
 * the generation now issued becomes the previous one, accepted until `previousValidUntil`.
 */
export async function rotate(db: DbLike, id: string, previousValidUntil: number, now: number): Promise<void> {
  await db
    .updateTable('sites')
    .set({
      previousGeneration: sql<number>`token_generation`,
      tokenGeneration: sql<number>`token_generation + 1`,
      previousValidUntil,
      updatedAt: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function updateSite(db: DbLike, id: string, patch: Partial<Omit<SiteRow, 'id' | 'code' | 'createdAt'>>): Promise<void> {
  await db.updateTable('sites').set(patch).where('id', '=', id).execute();
}
