// Org hierarchy import from CSV (columns code,name,level,parent). All rows are checked before anything is written;
// one bad row refuses the whole file, and a file imported twice changes nothing the second time.
import { parse } from 'csv-parse/sync';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { SYSTEM_SCOPE } from '../../core/scope.ts';
import { ORG_LEVELS, requireAdmin } from './service.ts';
import * as store from './store.ts';
import type { OrgUnitRow } from './store.ts';

export interface OrgImportRow {
  row: number;
  code: string;
  name: string;
  level: string;
  parent: string;
}

export interface OrgImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

const REQUIRED = ['code', 'name', 'level', 'parent'];

export function parseOrgCsv(text: string): OrgImportRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    throw invalid('org.import_invalid', { row: 0, reason: (e as Error).message });
  }
  const header = (records.shift() ?? []).map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw invalid('org.import_invalid', { row: 1, reason: `missing column(s) ${missing.join(', ')}; expected code,name,level,parent` });
  const at = (rec: string[], col: string) => rec[header.indexOf(col)] ?? '';
  return records.map((rec, i) => ({ row: i + 2, code: at(rec, 'code'), name: at(rec, 'name'), level: at(rec, 'level'), parent: at(rec, 'parent') }));
}

/** Orders rows so every parent comes before its children; reports unknown parents and cycles by row. */
function orderByParent(rows: OrgImportRow[], existing: Map<string, OrgUnitRow>): OrgImportRow[] {
  const byCode = new Map<string, OrgImportRow>();
  for (const r of rows) {
    if (byCode.has(r.code)) throw invalid('org.import_invalid', { row: r.row, reason: `code ${r.code} appears twice (first in row ${byCode.get(r.code)!.row})` });
    byCode.set(r.code, r);
  }
  const ordered: OrgImportRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: OrgImportRow) => {
    if (state.get(r.code) === 'done') return;
    if (state.get(r.code) === 'visiting') throw invalid('org.import_invalid', { row: r.row, reason: `parent chain of ${r.code} loops back to itself` });
    state.set(r.code, 'visiting');
    if (r.parent) {
      const inFile = byCode.get(r.parent);
      if (inFile) visit(inFile);
      else if (!existing.has(r.parent)) throw invalid('org.import_invalid', { row: r.row, reason: `parent ${r.parent} is neither in the file nor in the database` });
    }
    state.set(r.code, 'done');
    ordered.push(r);
  };
  rows.forEach(visit);
  return ordered;
}

function checkRow(r: OrgImportRow): void {
  const fail = (reason: string) => invalid('org.import_invalid', { row: r.row, reason });
  if (!/^[A-Za-z0-9-]{1,32}$/.test(r.code)) throw fail(`code "${r.code}" must be 1-32 letters, digits or hyphens`);
  if (!r.name) throw fail('name is empty');
  if (!(ORG_LEVELS as readonly string[]).includes(r.level)) throw fail(`level "${r.level}" is not one of ${ORG_LEVELS.join(', ')}`);
  if (r.parent === r.code) throw fail('a unit cannot be its own parent');
}

export async function importOrgUnits(ctx: Ctx, actor: Actor, rows: OrgImportRow[], source: string): Promise<OrgImportResult> {
  requireAdmin(actor);
  rows.forEach(checkRow);
  return inTransaction(ctx, async (tx) => {
    const codes = [...new Set(rows.flatMap((r) => (r.parent ? [r.code, r.parent] : [r.code])))];
    const existing = new Map<string, OrgUnitRow>();
    const reload = async (wanted: string[]) => {
      for (let i = 0; i < wanted.length; i += 500) {
        for (const u of await store.findByCodes(tx.db, SYSTEM_SCOPE, wanted.slice(i, i + 500))) existing.set(u.code, u);
      }
    };
    await reload(codes);
    const result: OrgImportResult = { created: 0, updated: 0, unchanged: 0 };
    const now = tx.clock.now();
    for (const r of orderByParent(rows, existing)) {
      const parent = r.parent ? existing.get(r.parent)! : null;
      const inScope = (path: string) => actor.scope.paths.some((p) => path.startsWith(p));
      const current = existing.get(r.code);
      const fail = (reason: string) => invalid('org.import_invalid', { row: r.row, reason });
      if (parent && !inScope(parent.path)) throw fail(`parent ${r.parent} is outside your scope`);
      if (!parent && !actor.scope.paths.includes('/')) throw fail('only the operator can add a top-level unit');
      if (!current) {
        const id = newId(now);
        const row: OrgUnitRow = {
          id, code: r.code, name: r.name, level: r.level, parentId: parent?.id ?? null,
          path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0, createdAt: now, updatedAt: now,
        };
        await store.insertOrgUnit(tx.db, row);
        existing.set(r.code, row);
        result.created++;
        continue;
      }
      if (!inScope(current.path)) throw fail(`unit ${r.code} exists outside your scope`);
      const moved = (parent?.id ?? null) !== current.parentId;
      if (moved && parent && parent.path.startsWith(current.path)) throw fail(`moving ${r.code} under ${r.parent} would make a loop`);
      if (!moved && current.name === r.name && current.level === r.level) {
        result.unchanged++;
        continue;
      }
      if (moved && !parent) throw fail(`unit ${r.code} exists under a parent; it cannot become a top-level unit`);
      if (moved) await store.moveSubtree(tx.db, current, parent!, now);
      await store.updateOrgUnit(tx.db, current.id, { name: r.name, level: r.level, updatedAt: now });
      if (moved) await reload([...existing.keys()]); // a move rewrote the paths of a whole subtree
      else existing.set(r.code, { ...current, name: r.name, level: r.level });
      result.updated++;
    }
    await recordAudit(tx, actor, { action: 'org.import', targetType: 'file', targetId: source, detail: { ...result, rows: rows.length } });
    return result;
  });
}
