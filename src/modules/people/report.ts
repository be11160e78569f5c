// The subject access report: everything held about one person (found by ID number), in clear, for the person who
// asked to see it. It works from the document itself, so check-ins and list entries not yet linked to a person
// are in it too. Needs a purpose and is audited; the audit entry holds the person id, never the ID number.
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { commonPath } from '../../core/scope.ts';
import type { PersonTable } from '../../db/tables.ts';
import { decisionsOn } from '../decisions/store.ts';
import { openPii } from '../checkins/pii.ts';
import { openEntryPii } from '../lists/pii.ts';
import { requireDataRole } from '../lists/service.ts';
import { openPersonPii, type PersonPii } from './pii.ts';
import { checkPurpose, normalIdNumber } from './read-service.ts';
import * as read from './read-store.ts';
import { mergedGroup, rootOf } from './store.ts';

const MAX_CHECKINS = 100_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = <T>(s: string | null, empty: T): T => (s ? (JSON.parse(s) as T) : empty);

export interface SubjectReport {
  generatedAt: string;
  idNumber: string | null;
  purpose: string;
  persons: (PersonPii & { id: string; idType: string | null; source: string; mergedInto: string | null; createdAt: string })[];
  checkins: Record<string, unknown>[];
  listEntries: Record<string, unknown>[];
  decisions: Record<string, unknown>[];
  watchHits: Record<string, unknown>[];
  merges: Record<string, unknown>[];
  audit: Record<string, unknown>[];
}

/** Whose report: an ID number (the subject's request), or a person of the index (the console's person page). */
export type ReportSubject = { idNumber: string; personId?: undefined } | { personId: string; idNumber?: undefined };

export async function personReport(ctx: Ctx, actor: Actor, input: ReportSubject & { purpose: string }): Promise<SubjectReport> {
  requireDataRole(actor);
  const purpose = checkPurpose(input.purpose);
  let idNumber: string | null = input.idNumber === undefined ? null : normalIdNumber(input.idNumber);
  let records: PersonTable[];
  if (idNumber !== null) {
    // Every record of the groups this document belongs to (a merge brings records without the document along).
    const found = await read.personsByIdBidx(ctx.db, ctx.blindIndex.of('id_number', idNumber));
    const roots = [...new Set(await Promise.all(found.map((p) => rootOf(ctx.db, p.id))))];
    records = (await Promise.all(roots.map((r) => mergedGroup(ctx.db, r)))).flat();
  } else {
    records = await mergedGroup(ctx.db, await rootOf(ctx.db, input.personId!));
    idNumber = records.length ? (openPersonPii(ctx, records[0]).idNumber ?? null) : null;
  }
  const bidx = idNumber === null ? null : ctx.blindIndex.of('id_number', idNumber);
  const ids = records.map((r) => r.id);
  const idBidxs = [...new Set([bidx, ...records.map((r) => r.idBidx)].filter((b): b is string => !!b))];
  const scope = actor.scope;
  const [checkins, entries, hits, merges] = await Promise.all([
    read.checkinsOfDocuments(ctx.db, scope, idBidxs, MAX_CHECKINS),
    read.entriesOfPersons(ctx.db, scope, ids),
    read.hitsOfPersons(ctx.db, scope, ids),
    read.mergesOf(ctx.db, scope, ids),
  ]);
  // Entries of this document whose row is linked to no record of these groups are the person's too.
  const allEntries = [...new Map([...entries, ...(bidx ? await read.entriesOfDocument(ctx.db, scope, bidx) : [])].map((e) => [e.id, e])).values()];
  // Nothing held in the caller's scope reads as nothing held at all (the whole tree also sees bare records).
  const heldInScope = checkins.length + allEntries.length + hits.length > 0 || (read.wholeTree(scope) && records.length > 0);
  if (!heldInScope) throw notFound('person.not_found');
  const decisions = await decisionsOn(ctx.db, scope, checkins.map((c) => c.id));
  const audit = await read.auditAbout(ctx.db, scope, [
    { type: 'person', ids },
    { type: 'checkin', ids: checkins.map((c) => c.id) },
    { type: 'list_entry', ids: allEntries.map((e) => e.id) },
  ]);
  const report: SubjectReport = {
    generatedAt: new Date(ctx.clock.now()).toISOString(),
    idNumber,
    purpose,
    persons: records.map((r) => ({ id: r.id, idType: r.idType, source: r.source, mergedInto: r.mergedInto, createdAt: iso(r.createdAt)!, ...openPersonPii(ctx, r) })),
    checkins: checkins.map((c) => ({
      id: c.id, groupId: c.groupId, at: iso(c.at), site: { code: c.siteCode, name: c.siteName, org: c.orgName }, kind: c.kind, direction: c.direction,
      role: c.role, relation: c.relation, idType: c.idType, ...openPii(ctx, c), plateType: c.plateType, vehicleRole: c.vehicleRole,
      temperature: c.temperature, symptoms: json(c.symptoms, []), origin: c.origin, destination: c.destination, places14d: json(c.places14d, []),
      purpose: c.purpose, flags: json(c.flags, []), enteredBy: c.enteredByName,
    })),
    listEntries: allEntries.map((e) => ({
      id: e.id, list: e.listName, kind: e.kind, personId: e.personId, values: openEntryPii(ctx, e),
      origin: e.origin, listedAt: iso(e.listedAt), note: e.note, source: e.source, importId: e.importId, rowNo: e.rowNo, createdAt: iso(e.createdAt), endedAt: iso(e.endedAt),
    })),
    decisions: decisions.map((d) => ({ id: d.id, checkinId: d.checkinId, site: d.siteCode, decision: d.decision, note: d.note, via: d.via, at: iso(d.at), by: d.byName })),
    watchHits: hits.map((h) => ({ checkinId: h.checkinId, list: h.listName, kind: h.kind, personId: h.personId, at: iso(h.at), found: h.found, site: h.siteCode })),
    merges: merges.map((m) => ({ id: m.id, keptId: m.keptId, mergedId: m.mergedId, at: iso(m.at), byUser: m.byUser, undoneAt: iso(m.undoneAt), undoneBy: m.undoneBy })),
    audit: audit.map((a) => ({
      seq: a.seq, at: iso(a.at), actor: a.actorName, action: a.action, targetType: a.targetType, targetId: a.targetId, purpose: a.purpose,
      detail: a.detail ? (JSON.parse(a.detail) as unknown) : null,
    })),
  };
  await recordAudit(ctx, actor, {
    action: 'person.report',
    targetType: 'person',
    targetId: records[0]?.id ?? null,
    purpose,
    orgPath: commonPath(scope.paths),
    detail: { checkins: checkins.length, listEntries: allEntries.length },
  });
  return report;
}
