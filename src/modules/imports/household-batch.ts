// One batch of a household import: rows validated and their grids looked up before the transaction; in it, the
// addresses (found or added by their key), the persons (one per document; a member known only by phone is found
// again among the address's members), the memberships and the job's counters, so a job resumes where its last
// commit left it, as a list import does (batch.ts). Importing the same file again finds everything and adds nothing.
import { inTransaction, type Ctx } from '../../core/context.ts';
import { pathInScope, type Scope } from '../../core/scope.ts';
import { addMember, addressKey, ensureAddress, normalizeAddress, type AddressParts } from '../grid/addresses.ts';
import { keyRecord, resolvePersons, type KeyedRecord } from '../people/service.ts';
import { LeaseLost, type JobState, type Pending } from './batch.ts';
import type { HouseholdColumnMap, HouseholdRecord, HouseholdValidator } from './household-row.ts';
import * as store from './store.ts';

/** Org levels a household belongs to: the grid and the units under it. */
const GRID_LEVELS = new Set(['community', 'building', 'door']);

interface GridUnit {
  id: string;
  path: string;
  level: string;
}

export interface HouseholdState {
  validate: HouseholdValidator;
  columns: HouseholdColumnMap;
  /** the importer's scope: a row of a grid outside it is refused */
  scope: Scope;
  /** grid units by code (null: no such code), looked up once per job */
  units: Map<string, GridUnit | null>;
  /** building units under a community, by building number */
  buildings: Map<string, Map<string, GridUnit>>;
}

export function householdState(validate: HouseholdValidator, columns: HouseholdColumnMap, scope: Scope): HouseholdState {
  return { validate, columns, scope, units: new Map(), buildings: new Map() };
}

/** "3号楼", "3栋" and "3" are one building (as in checkins/place-keys.ts). */
const buildingNo = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase().replace(/(号楼|栋|幢|座|号|楼)$/u, '');

async function lookUpUnits(ctx: Ctx, h: HouseholdState, codes: string[]): Promise<void> {
  const missing = [...new Set(codes)].filter((c) => !h.units.has(c));
  if (!missing.length) return;
  const rows = await ctx.db.selectFrom('orgUnits').select(['id', 'code', 'path', 'level']).where('code', 'in', missing).execute();
  for (const c of missing) h.units.set(c, null);
  for (const r of rows) h.units.set(r.code, { id: r.id, path: r.path, level: r.level });
  const communities = rows.filter((r) => r.level === 'community');
  if (!communities.length) return;
  const children = await ctx.db.selectFrom('orgUnits').select(['id', 'path', 'level', 'name', 'parentId']).where('parentId', 'in', communities.map((c) => c.id)).where('level', '=', 'building').execute();
  for (const c of communities) h.buildings.set(c.id, new Map());
  for (const b of children) h.buildings.get(b.parentId!)?.set(buildingNo(b.name), { id: b.id, path: b.path, level: b.level });
}

/** The unit an address belongs to: the building unit of its community when the org tree has it, else the grid. */
function unitOf(h: HouseholdState, grid: GridUnit, building: string | null): GridUnit {
  if (grid.level !== 'community' || !building) return grid;
  return h.buildings.get(grid.id)?.get(buildingNo(building)) ?? grid;
}

interface Row {
  rowNo: number;
  record: HouseholdRecord;
  unit: GridUnit;
  parts: AddressParts;
  key: string;
  keyed: KeyedRecord | null;
}

/** Validates, looks up and writes one batch of a household import; the counters move in the same transaction. */
export async function commitHouseholdBatch(s: JobState, h: HouseholdState, batch: Pending[], rowsRead: number): Promise<void> {
  const { ctx, job } = s;
  const counts: store.BatchCounts = { read: batch.length, imported: 0, unchanged: 0, refused: 0, personsCreated: 0, candidates: 0, checkinsLinked: 0, addressesCreated: 0 };
  const refusals: { importId: string; rowNo: number; columnName: string; reason: string }[] = [];
  const refuse = (rowNo: number, column: string, reason: string) => {
    counts.refused++;
    refusals.push({ importId: job.id, rowNo, columnName: column, reason });
  };
  const checked: { rowNo: number; record: HouseholdRecord }[] = [];
  for (const p of batch) {
    if (p.cells.every((c) => !c || !c.trim())) continue; // a blank line: read, nothing else
    const r = h.validate(p.cells);
    if (r.ok) {
      checked.push({ rowNo: p.rowNo, record: r.record });
      continue;
    }
    counts.refused++;
    const cols = new Set<string>();
    for (const f of r.refusals) {
      if (cols.has(f.column)) continue; // one reason per column: the column is part of the refusal's key
      cols.add(f.column);
      refusals.push({ importId: job.id, rowNo: p.rowNo, columnName: f.column, reason: f.reason });
    }
  }

  await lookUpUnits(ctx, h, checked.map((c) => c.record.gridCode));
  const gridColumn = h.columns.gridCode ?? 'gridCode';
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const c of checked) {
    const grid = h.units.get(c.record.gridCode);
    if (!grid) refuse(c.rowNo, gridColumn, 'import.grid.unknown');
    else if (!GRID_LEVELS.has(grid.level)) refuse(c.rowNo, gridColumn, 'import.grid.not_grid');
    else if (!pathInScope(h.scope, grid.path)) refuse(c.rowNo, gridColumn, 'import.grid.out_of_scope');
    else {
      const parts: AddressParts = c.record.address;
      const key = addressKey(ctx.blindIndex, parts);
      const p = c.record.person;
      // Persons get the address as their registered one: routing finds the household from the person alone.
      const keyed = p ? keyRecord(ctx, { name: p.name, idType: p.idType, idNumber: p.idNumber, phone: p.phone, address: normalizeAddress(parts) }) : null;
      const same = `${key}|${keyed ? (keyed.idBidx ?? `${keyed.phoneBidx}|${keyed.nameBidx}`) : ''}`;
      if (seen.has(same)) {
        counts.unchanged++; // the same row twice in one batch
        continue;
      }
      seen.add(same);
      rows.push({ rowNo: c.rowNo, record: c.record, unit: unitOf(h, grid, parts.building ?? null), parts, key, keyed });
    }
  }

  // Read before write: the addresses already known need no sealing and no insert.
  const keys = [...new Set(rows.map((r) => r.key))];
  const known = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const a of await ctx.db.selectFrom('addresses').select(['id', 'addressBidx']).where('addressBidx', 'in', keys.slice(i, i + 500)).execute()) known.set(a.addressBidx, a.id);
  }
  const now = ctx.clock.now();

  await s.lease.hold(async (lease, next) => {
    let ok = false;
    await inTransaction(ctx, async (tx) => {
      const c = { ...counts };
      const addressOf = new Map(known);
      const createdKeys = new Set<string>();
      for (const r of rows) {
        if (addressOf.has(r.key)) continue;
        const a = await ensureAddress(tx, { orgUnitId: r.unit.id, kind: r.record.kind, parts: r.parts, source: 'import' });
        addressOf.set(r.key, a.id);
        if (a.created) createdKeys.add(r.key);
      }
      c.addressesCreated += createdKeys.size;
      const personOf = await resolveMembers(tx, rows, addressOf, c);
      const counted = new Set<string>();
      for (const r of rows) {
        const addressId = addressOf.get(r.key)!;
        const personId = personOf.get(r);
        let added = false;
        if (personId && r.record.person) {
          added = await addMember(tx, { addressId, personId, relation: r.record.person.relation, source: 'import', sinceAt: now });
        } else if (createdKeys.has(r.key) && !counted.has(r.key)) added = true; // an address registered alone
        if (createdKeys.has(r.key)) counted.add(r.key);
        if (added) c.imported++;
        else c.unchanged++;
      }
      await store.insertRefusals(tx.db, refusals);
      ok = await store.addCounts(tx.db, job.id, c, { rowsRead, bytesDone: s.bytesDone, lease, next });
      if (!ok) throw new LeaseLost('lease lost');
      Object.assign(counts, c);
    });
    return { ok, value: undefined };
  });
  for (const k of Object.keys(counts) as (keyof store.BatchCounts)[]) if (k !== 'read') s.totals[k] += counts[k];
  s.totals.read = rowsRead;
}

/**
 * The person of each row with one: by the document (one person per document; a name that sounds different is
 * still the document's person), else a member of the same address with the same phone and name, else a new one.
 */
async function resolveMembers(ctx: Ctx, rows: Row[], addressOf: Map<string, string>, c: store.BatchCounts): Promise<Map<Row, string>> {
  const out = new Map<Row, string>();
  const byDocument = rows.filter((r) => r.keyed?.idBidx);
  if (byDocument.length) {
    const resolved = await resolvePersons(ctx, byDocument.map((r) => r.keyed!), 'import');
    c.personsCreated += resolved.created.length;
    byDocument.forEach((r, i) => out.set(r, resolved.personIds[i]));
  }
  const byPhone = rows.filter((r) => r.keyed && !r.keyed.idBidx);
  if (!byPhone.length) return out;
  const members = await ctx.db
    .selectFrom('householdMembers as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .select(['m.addressId', 'p.id', 'p.phoneBidx', 'p.nameBidx'])
    .where('m.addressId', 'in', [...new Set(byPhone.map((r) => addressOf.get(r.key)!))])
    .where('p.phoneBidx', 'in', [...new Set(byPhone.map((r) => r.keyed!.phoneBidx!))])
    .execute();
  const found = new Map(members.map((m) => [`${m.addressId}|${m.phoneBidx}|${m.nameBidx}`, m.id]));
  const fresh = byPhone.filter((r) => {
    const id = found.get(`${addressOf.get(r.key)}|${r.keyed!.phoneBidx}|${r.keyed!.nameBidx}`);
    if (id) out.set(r, id);
    return !id;
  });
  if (fresh.length) {
    const resolved = await resolvePersons(ctx, fresh.map((r) => r.keyed!), 'import');
    c.personsCreated += resolved.created.length;
    fresh.forEach((r, i) => out.set(r, resolved.personIds[i]));
  }
  return out;
}
