// Accepting a trace: its contacts become close contacts (an entry on the close-contact list of the county they live
// in, naming the case as source) and follow-up tasks for the unit responsible for each (the grid, where it lives).
// Contacts outside the caller's scope are handed over the same way, to their own unit, without being shown. In one
// transaction; accepting again adds only what is missing.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { pathInScope } from '../../core/scope.ts';
import { openPii } from '../checkins/pii.ts';
import { insertEntries } from '../imports/store.ts';
import { sealEntryPii } from '../lists/pii.ts';
import { insertList, listByName } from '../lists/store.ts';
import { requireDataRole } from '../lists/service.ts';
import { openPersonPii } from '../people/pii.ts';
import { keyRecord, resolvePersons } from '../people/service.ts';
import { createTask } from '../grid/tasks.ts';
import { traceInScope } from './service.ts';
import * as store from './store.ts';
import type { AcceptResult } from './types.ts';
import type { StoredContact, StoredTrace } from './view.ts';

/** A follow-up is due within a day of the trace being accepted. */
const FOLLOW_UP_MS = 24 * 3_600_000;

type Unit = { id: string; code: string; name: string; path: string; level: string };

/** The county (or the unit itself, above it) keeps the close-contact list its people are put on. */
async function listUnitOf(ctx: Ctx, unit: Unit, cache: Map<string, Unit>): Promise<Unit> {
  const ids = unit.path.split('/').filter(Boolean);
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length) for (const [id, u] of await store.orgUnitsByIds(ctx.db, missing)) cache.set(id, u);
  return ids.map((id) => cache.get(id)).find((u) => u?.level === 'county') ?? unit;
}

async function closeContactList(ctx: Ctx, actor: Actor, unit: Unit): Promise<string> {
  const name = `密切接触者（流调）${unit.name} ${unit.code}`;
  const found = await listByName(ctx.db, name);
  if (found) return found.id;
  const id = newId(ctx.clock.now());
  await insertList(ctx.db, { id, name, kind: 'close_contact', orgUnitId: unit.id, orgPath: unit.path, watch: true, createdAt: ctx.clock.now(), createdBy: actor.userId });
  await recordAudit(ctx, actor, { action: 'list.create', targetType: 'list', targetId: id, orgPath: unit.path, detail: { name, kind: 'close_contact', by: 'tracing' } });
  return id;
}

/** Contacts known only by a check-in get a person record (from that check-in's document) before they are listed. */
async function ensurePersons(ctx: Ctx, contacts: StoredContact[]): Promise<Map<string, string>> {
  const out = new Map(contacts.filter((c) => c.personId).map((c) => [c.node, c.personId!]));
  const missing = contacts.filter((c) => !c.personId && c.rowId);
  if (!missing.length) return out;
  const sealed = await store.sealedOf(ctx.db, missing.map((c) => c.rowId));
  const rows = await ctx.db.selectFrom('checkins').select(['id', 'idType']).where('id', 'in', missing.map((c) => c.rowId)).execute();
  const idType = new Map(rows.map((r) => [r.id, r.idType]));
  const records = missing.map((c) => {
    const pii = openPii(ctx, { piiEnc: sealed.get(c.rowId)! });
    return keyRecord(ctx, { name: pii.name, idType: idType.get(c.rowId) ?? null, idNumber: pii.idNumber ?? null, phone: pii.phone ?? null });
  });
  const { personIds } = await resolvePersons(ctx, records, 'checkin');
  missing.forEach((c, i) => out.set(c.node, personIds[i]));
  return out;
}

export async function acceptTrace(ctx: Ctx, actor: Actor, id: string, nodes?: string[]): Promise<AcceptResult> {
  requireDataRole(actor);
  return inTransaction(ctx, async (tx) => {
    const row = await traceInScope(tx, actor, id);
    const stored = JSON.parse(row.result) as StoredTrace;
    const unknown = (nodes ?? []).filter((n) => !stored.contacts.some((c) => c.node === n));
    if (unknown.length) throw invalid('trace.unknown_contact', { node: unknown[0] }, 'nodes');
    const chosen = nodes ? stored.contacts.filter((c) => nodes.includes(c.node)) : stored.contacts;
    const now = tx.clock.now();
    const done = new Map((await tx.db.selectFrom('traceContacts').selectAll().where('traceId', '=', id).execute()).map((c) => [c.node, c]));
    // A contact given a person record by an earlier acceptance keeps it.
    const personOf = await ensurePersons(tx, chosen.map((c) => ({ ...c, personId: c.personId ?? done.get(c.node)?.personId ?? null })));
    const persons = new Map((await store.personsByIds(tx.db, [...personOf.values()])).map((p) => [p.id, p]));
    const units = await store.orgUnitsByIds(tx.db, chosen.map((c) => c.unitId));
    const cache = new Map<string, Unit>();
    const result: AcceptResult = { listed: 0, alreadyListed: 0, tasks: 0, routed: 0, routedTo: [] };

    for (const c of chosen) {
      const unit = units.get(c.unitId);
      const personId = personOf.get(c.node);
      const person = personId ? persons.get(personId) : undefined;
      if (!unit || !person) continue;
      if (!pathInScope(actor.scope, unit.path)) {
        result.routed++;
        const r = result.routedTo.find((u) => u.code === unit.code);
        if (r) r.contacts++;
        else result.routedTo.push({ code: unit.code, name: unit.name, contacts: 1 });
      }
      const pii = openPersonPii(tx, person);
      const lastExposure = Math.max(...c.evidence.map((e) => e.contact[1]));
      const listId = await closeContactList(tx, actor, await listUnitOf(tx, unit, cache));
      const entryId = newId(now);
      const added = await insertEntries(tx.db, 'close_contact', [{
        id: entryId, listId, personId: person.id, orgPath: unit.path, rowKey: tx.blindIndex.of('import_row', `trace|${row.personId}|${person.id}`),
        piiEnc: sealEntryPii(tx, { name: pii.name, ...(person.idType && { idType: person.idType }), ...(pii.idNumber && { idNumber: pii.idNumber }), ...(pii.phone && { phone: pii.phone }) }),
        idBidx: person.idBidx, phoneBidx: person.phoneBidx, origin: null, listedAt: lastExposure, note: `trace ${id}`, source: 'tracing',
        importId: null, rowNo: null, createdAt: now, endedAt: null, sourcePersonId: row.personId,
      }]);
      if (added) result.listed++;
      else result.alreadyListed++;
      const before = done.get(c.node);
      let taskId = before?.taskId ?? null;
      if (!taskId) {
        // routed to the grid of the contact's household when there is one, else to the unit found by tracing
        const task = await createTask(tx, actor, {
          kind: 'contact_follow_up', personId: person.id, fallbackUnitId: unit.id, sourceType: 'trace', sourceId: id, dueAt: now + FOLLOW_UP_MS,
          detail: { case: row.personId, degree: c.degree, score: c.score, kinds: [...new Set(c.evidence.map((e) => e.how))], lastExposure },
        });
        taskId = task.id;
        result.tasks++;
      }
      await tx.db
        .updateTable('traceContacts')
        .set({ personId: person.id, entryId: before?.entryId ?? (added ? entryId : null), taskId })
        .where('traceId', '=', id)
        .where('node', '=', c.node)
        .execute();
    }
    await tx.db.updateTable('traces').set({ status: 'accepted', acceptedBy: actor.userId, acceptedAt: now, acceptResult: JSON.stringify(result) }).where('id', '=', id).execute();
    await recordAudit(tx, actor, {
      action: 'trace.accept', targetType: 'trace', targetId: id, orgPath: row.orgPath,
      detail: { case: row.personId, listed: result.listed, tasks: result.tasks, routed: result.routed, units: result.routedTo.map((u) => u.code) },
    });
    return result;
  });
}
