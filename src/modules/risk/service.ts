// Risk areas (division codes with a level and a date range) and the rules a check-in is judged by.
// Risk areas are region-wide: every site reads them, so only administrators of a whole tree may change them.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { requireAdmin } from '../org/service.ts';
import type { RiskArea, RiskRules } from './rules.ts';
import * as store from './store.ts';

export interface RiskAreaView {
  id: string;
  code: string;
  level: RiskArea['level'];
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

const toView = (r: store.RiskAreaRow): RiskAreaView => ({
  id: r.id,
  code: r.code,
  level: r.level as RiskArea['level'],
  validFrom: new Date(r.validFrom).toISOString(),
  validTo: r.validTo === null ? null : new Date(r.validTo).toISOString(),
  note: r.note,
});

function requireWholeTree(actor: Actor): void {
  requireAdmin(actor);
  const wholeTree = actor.scope.paths.some((p) => p === '/' || p.split('/').filter(Boolean).length === 1);
  if (!wholeTree) throw forbidden('risk.region_admin_only');
}

/**
 * The rules check-ins are judged by. Risk areas change rarely and are read on every check-in:
 * they are cached for a few seconds per process.
 */
let cache: { at: number; areas: RiskArea[]; config: unknown } | undefined;
const CACHE_MS = 5_000;

export async function currentRiskRules(ctx: Ctx): Promise<RiskRules> {
  const now = Date.now();
  // Keyed by the config object: each runtime (and each test database) has its own.
  if (!cache || cache.config !== ctx.config || now - cache.at > CACHE_MS) {
    const rows = await store.listRiskAreas(ctx.db);
    cache = { at: now, config: ctx.config, areas: rows.map((r) => ({ code: r.code, level: r.level as RiskArea['level'], validFrom: r.validFrom, validTo: r.validTo })) };
  }
  return { feverThreshold: ctx.config.risk.feverThreshold, riskAreas: cache.areas };
}

export function forgetCachedRiskRules(): void {
  cache = undefined;
}

export async function listRiskAreas(ctx: Ctx): Promise<RiskAreaView[]> {
  return (await store.listRiskAreas(ctx.db)).map(toView);
}

export interface NewRiskArea {
  code: string;
  level: RiskArea['level'];
  validFrom: string;
  validTo?: string | null;
  note?: string;
}

function parseDate(field: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid('validation.format', { field }, field);
  return ms;
}

export async function addRiskArea(ctx: Ctx, actor: Actor, input: NewRiskArea, isKnownDivision: (code: string) => boolean): Promise<RiskAreaView> {
  requireWholeTree(actor);
  if (!/^\d{6}$/.test(input.code) || !isKnownDivision(input.code)) throw invalid('risk.unknown_division', { code: input.code }, 'code');
  const validFrom = parseDate('validFrom', input.validFrom);
  const validTo = input.validTo ? parseDate('validTo', input.validTo) : null;
  if (validTo !== null && validTo < validFrom) throw invalid('risk.bad_range', {}, 'validTo');
  const now = ctx.clock.now();
  const row: store.RiskAreaRow = { id: newId(now), code: input.code, level: input.level, validFrom, validTo, note: input.note?.trim() || null, createdAt: now, createdBy: actor.userId };
  await inTransaction(ctx, async (tx) => {
    await store.insertRiskArea(tx.db, row);
    await recordAudit(tx, actor, { action: 'risk.area_add', targetType: 'risk_area', targetId: row.id, detail: { code: row.code, level: row.level } });
  });
  forgetCachedRiskRules();
  return toView(row);
}

export async function removeRiskArea(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  requireWholeTree(actor);
  await inTransaction(ctx, async (tx) => {
    const row = await store.findRiskArea(tx.db, id);
    if (!row) throw notFound('risk.not_found');
    await store.deleteRiskArea(tx.db, id);
    await recordAudit(tx, actor, { action: 'risk.area_remove', targetType: 'risk_area', targetId: id, detail: { code: row.code, level: row.level } });
  });
  forgetCachedRiskRules();
}
