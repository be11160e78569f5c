import type { Selectable } from 'kysely';
import type { DbLike } from '../../db/database.ts';
import type { RiskAreaTable } from '../../db/tables.ts';

export type RiskAreaRow = Selectable<RiskAreaTable>;

export function listRiskAreas(db: DbLike): Promise<RiskAreaRow[]> {
  return db.selectFrom('riskAreas').selectAll().orderBy('code').orderBy('validFrom').execute();
}

export async function insertRiskArea(db: DbLike, row: RiskAreaRow): Promise<void> {
  await db.insertInto('riskAreas').values(row).execute();
}

export async function findRiskArea(db: DbLike, id: string): Promise<RiskAreaRow | undefined> {
  return db.selectFrom('riskAreas').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteRiskArea(db: DbLike, id: string): Promise<void> {
  await db.deleteFrom('riskAreas').where('id', '=', id).execute();
}
