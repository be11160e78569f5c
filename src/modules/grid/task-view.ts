// Tasks as the API shows them: what the worker needs, with the person and the address masked unless the caller
// revealed them (the reveal is audited by the caller). Everything around a page of tasks is read in a few queries.
import type { Selectable } from 'kysely';
import type { Ctx } from '../../core/context.ts';
import { maskPerson } from '../../core/masking.ts';
import type { TaskTable } from '../../db/tables.ts';
import { openPersonPii } from '../people/pii.ts';
import { maskAddress, normalizeAddress, openAddress } from './addresses.ts';
import type { MaskedPersonRef, TaskView, UnitRef } from './types.ts';

export type TaskRow = Selectable<TaskTable>;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export async function unitsByIds(ctx: Ctx, ids: string[]): Promise<Map<string, UnitRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await ctx.db.selectFrom('orgUnits').select(['id', 'code', 'name', 'level']).where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, u]));
}

/** Persons by id, masked or in clear. */
export async function personRefs(ctx: Ctx, ids: string[], clear = false): Promise<Map<string, MaskedPersonRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await ctx.db.selectFrom('persons').select(['id', 'piiEnc']).where('id', 'in', unique).execute();
  return new Map(
    rows.map((p) => {
      const pii = openPersonPii(ctx, p);
      const shown = clear ? { name: pii.name, idNumber: pii.idNumber ?? null, phone: pii.phone ?? null } : maskPerson(pii);
      return [p.id, { id: p.id, ...shown }];
    }),
  );
}

export async function addressLines(ctx: Ctx, ids: string[], clear = false): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await ctx.db.selectFrom('addresses').select(['id', 'lineEnc']).where('id', 'in', unique).execute();
  return new Map(rows.map((a) => [a.id, clear ? normalizeAddress(openAddress(ctx, a)) : maskAddress(openAddress(ctx, a))]));
}

export async function toTaskViews(ctx: Ctx, rows: TaskRow[], opts: { clear?: boolean } = {}): Promise<TaskView[]> {
  if (!rows.length) return [];
  const now = ctx.clock.now();
  const units = await unitsByIds(ctx, rows.flatMap((r) => [r.orgUnitId, ...(r.escalatedTo ? [r.escalatedTo] : [])]));
  const persons = await personRefs(ctx, rows.flatMap((r) => (r.personId ? [r.personId] : [])), opts.clear);
  const addresses = await addressLines(ctx, rows.flatMap((r) => (r.addressId ? [r.addressId] : [])), opts.clear);
  const userIds = [...new Set(rows.flatMap((r) => (r.assignedTo ? [r.assignedTo] : [])))];
  const users = new Map(userIds.length ? (await ctx.db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', userIds).execute()).map((u) => [u.id, u]) : []);
  const campaignIds = [...new Set(rows.flatMap((r) => (r.campaignId ? [r.campaignId] : [])))];
  const campaigns = new Map(campaignIds.length ? (await ctx.db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', campaignIds).execute()).map((c) => [c.id, c]) : []);
  const observed = rows.filter((r) => r.kind === 'home_observation').map((r) => r.id);
  const observations = new Map<string, TaskView['observation']>();
  if (observed.length) {
    const obs = await ctx.db.selectFrom('observations').select(['id', 'taskId', 'endAt']).where('taskId', 'in', observed).execute();
    const reports = obs.length
      ? await ctx.db.selectFrom('temperatureReports').select(['observationId', 'slot', 'temperature', 'at', 'source']).where('observationId', 'in', obs.map((o) => o.id)).orderBy('at').execute()
      : [];
    for (const o of obs) {
      observations.set(o.taskId, {
        id: o.id,
        endAt: iso(o.endAt)!,
        reports: reports.filter((r) => r.observationId === o.id).map((r) => ({ slot: r.slot, temperature: Number(r.temperature), at: iso(r.at)!, source: r.source })),
      });
    }
  }
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    orgUnit: units.get(r.orgUnitId) ?? { id: r.orgUnitId, code: '', name: '', level: '' },
    person: (r.personId && persons.get(r.personId)) || null,
    address: r.addressId && addresses.has(r.addressId) ? { id: r.addressId, line: addresses.get(r.addressId)! } : null,
    dueAt: iso(r.dueAt)!,
    overdue: r.status === 'open' && Number(r.dueAt) < now,
    escalatedTo: (r.escalatedTo && units.get(r.escalatedTo)) || null,
    assignedTo: (r.assignedTo && users.get(r.assignedTo)) || null,
    result: r.result,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : {},
    createdAt: iso(r.createdAt)!,
    doneAt: iso(r.doneAt),
    campaign: (r.campaignId && campaigns.get(r.campaignId)) || null,
    observation: observations.get(r.id) ?? null,
  }));
}
