// A person as people use the index: found by ID number or phone (through the blind indexes, with a purpose), read
// masked on one page (profile, merged records, lists, check-ins, decisions, hits), and seen in clear only with a
// purpose. Every read is audited with the person id, never a clear value. A person nobody in the caller's scope
// knows reads as not found.
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { maskIdNumber, maskName, maskPhone } from '../../core/masking.ts';
import { MIN_PURPOSE_LENGTH } from '../../core/reveal.ts';
import { commonPath } from '../../core/scope.ts';
import { validateResidentId } from '../../core/validation/id-number.ts';
import { validatePhone } from '../../core/validation/phone.ts';
import type { PersonTable } from '../../db/tables.ts';
import { decisionsOn } from '../decisions/store.ts';
import { toDecisionView, type DecisionView } from '../decisions/service.ts';
import { CATEGORY_KINDS, requireDataRole, requirePeopleReader, type ListKind } from '../lists/service.ts';
import { maskedPersonFacts, openPersonPii, type PersonPii } from './pii.ts';
import { personTraceLinks } from '../tracing/links.ts';
import type { PersonTraceLink } from '../tracing/types.ts';
import * as read from './read-store.ts';
import { mergedGroup, rootOf } from './store.ts';

const SEARCH_LIMIT = 50;
const TIMELINE_LIMIT = 200;

export interface PersonSummary {
  id: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  source: string;
  lastSeenAt: string | null;
}

export interface Profile extends Omit<PersonSummary, 'id' | 'lastSeenAt' | 'source'> {
  idType: string | null;
  sources: string[];
}

export interface PersonView {
  id: string;
  profile: Profile;
  merged: { id: string; name: string | null; idNumber: string | null; phone: string | null; source: string; createdAt: string }[];
  memberships: {
    entryId: string; listId: string; listName: string; kind: ListKind; category: boolean; watch: boolean; listedAt: string | null;
    createdAt: string; endedAt: string | null; source: string; importId: string | null; origin: string | null; note: string | null;
  }[];
  checkins: {
    id: string; at: string; site: { code: string; name: string }; kind: string; direction: string; role: string; flags: string[];
    temperature: number | null; decision: { decision: DecisionView['decision']; at: string; by: string } | null;
  }[];
  /** true when there are more check-ins than the timeline shows */
  checkinsMore: boolean;
  decisions: (DecisionView & { siteCode: string })[];
  watchHits: { checkinId: string; listId: string; listName: string; kind: string; at: string; found: string; site: { code: string; name: string } | null }[];
  /** traces the person appears in: as the case traced, or as someone's contact */
  contacts: PersonTraceLink[];
}

export interface ClearProfile extends PersonPii {
  id: string;
  idType: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function checkPurpose(purpose: string): string {
  const why = purpose.trim();
  if (why.length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'purpose');
  return why;
}

/** An ID number as registration stored it: a resident ID checked and brought to 18 characters, others upper case. */
export function normalIdNumber(raw: string): string {
  const resident = validateResidentId(raw);
  return resident.ok ? resident.value : raw.replace(/\s+/g, '').toUpperCase();
}

export interface Group {
  root: PersonTable;
  records: PersonTable[];
  ids: string[];
  idBidxs: string[];
}

/** The group a person id stands for (merged records follow their root), if the scope may see it. */
export async function visibleGroup(ctx: Ctx, actor: Actor, id: string): Promise<Group | null> {
  const records = await mergedGroup(ctx.db, await rootOf(ctx.db, id));
  if (!records.length) return null;
  const ids = records.map((r) => r.id);
  const idBidxs = [...new Set(records.map((r) => r.idBidx).filter((b): b is string => !!b))];
  if (!read.wholeTree(actor.scope) && !(await read.knownInScope(ctx.db, actor.scope, ids, idBidxs))) return null;
  return { root: records[0], records, ids, idBidxs };
}

export async function searchPersons(ctx: Ctx, actor: Actor, q: { idNumber?: string; phone?: string; purpose: string }): Promise<{ items: PersonSummary[] }> {
  requirePeopleReader(actor);
  const why = checkPurpose(q.purpose);
  const idNumber = q.idNumber?.trim() ? normalIdNumber(q.idNumber) : null;
  let phone: string | null = null;
  if (!idNumber && q.phone?.trim()) {
    const r = validatePhone(q.phone);
    if (!r.ok) throw invalid(`validation.${r.reason}`, {}, 'phone');
    phone = r.value;
  }
  if (!idNumber && !phone) throw invalid('person.search_key_required', {}, 'idNumber');
  if (idNumber && idNumber.length < 2) throw invalid('lookup.value_required', {}, 'idNumber');
  const found = idNumber
    ? await read.personsByIdBidx(ctx.db, ctx.blindIndex.of('id_number', idNumber))
    : await read.personsByPhoneBidx(ctx.db, ctx.blindIndex.of('phone', phone!), SEARCH_LIMIT);
  const roots = [...new Set(await Promise.all(found.map((p) => rootOf(ctx.db, p.id))))];
  const groups: Group[] = [];
  for (const root of roots) {
    const g = await visibleGroup(ctx, actor, root);
    if (g) groups.push(g);
  }
  const seen = await read.lastSeen(ctx.db, actor.scope, groups.flatMap((g) => g.idBidxs));
  const items = groups.map((g): PersonSummary => {
    const last = Math.max(0, ...g.idBidxs.map((b) => seen.get(b) ?? 0));
    return { id: g.root.id, ...maskedPersonFacts(openPersonPii(ctx, g.root)), source: g.root.source, lastSeenAt: last ? iso(last) : null };
  });
  // Who looked for whom (masked) and why, and how many persons they saw; never the clear value.
  await recordAudit(ctx, actor, {
    action: 'lookup',
    targetType: 'person',
    targetId: items[0]?.id ?? null,
    purpose: why,
    orgPath: commonPath(actor.scope.paths),
    detail: { by: idNumber ? 'idNumber' : 'phone', value: idNumber ? maskIdNumber(idNumber) : maskPhone(phone), found: items.length },
  });
  return { items };
}

export async function viewPerson(ctx: Ctx, actor: Actor, id: string): Promise<PersonView> {
  requirePeopleReader(actor);
  const g = await visibleGroup(ctx, actor, id);
  if (!g) throw notFound('person.not_found');
  const [entries, rows, hits] = await Promise.all([
    read.entriesOfPersons(ctx.db, actor.scope, g.ids),
    read.checkinsOfDocuments(ctx.db, actor.scope, g.idBidxs, TIMELINE_LIMIT + 1),
    read.hitsOfPersons(ctx.db, actor.scope, g.ids),
  ]);
  const shown = rows.slice(0, TIMELINE_LIMIT);
  const decisions = (await decisionsOn(ctx.db, actor.scope, shown.map((c) => c.id))).map((d) => ({ ...toDecisionView(d), siteCode: d.siteCode }));
  const latest = new Map(decisions.map((d) => [d.checkinId, d])); // oldest first: the last one set wins
  const pii = openPersonPii(ctx, g.root);
  const view: PersonView = {
    id: g.root.id,
    profile: { ...maskedPersonFacts(pii), idType: g.root.idType, sources: [...new Set(g.records.map((r) => r.source))] },
    merged: g.records.slice(1).map((r) => {
      const p = openPersonPii(ctx, r);
      return { id: r.id, name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), phone: maskPhone(p.phone), source: r.source, createdAt: iso(r.createdAt)! };
    }),
    memberships: entries.map((e) => ({
      entryId: e.id, listId: e.listId, listName: e.listName, kind: e.kind as ListKind, category: CATEGORY_KINDS.includes(e.kind as ListKind), watch: e.watch,
      listedAt: iso(e.listedAt), createdAt: iso(e.createdAt)!, endedAt: iso(e.endedAt), source: e.source, importId: e.importId, origin: e.origin, note: e.note,
    })),
    checkins: shown.map((c) => {
      const d = latest.get(c.id);
      return {
        id: c.id, at: iso(c.at)!, site: { code: c.siteCode, name: c.siteName }, kind: c.kind, direction: c.direction, role: c.role,
        flags: JSON.parse(c.flags) as string[], temperature: c.temperature, decision: d ? { decision: d.decision, at: d.at, by: d.by.displayName } : null,
      };
    }),
    checkinsMore: rows.length > TIMELINE_LIMIT,
    decisions: decisions.reverse(),
    watchHits: hits.map((h) => ({
      checkinId: h.checkinId, listId: h.listId, listName: h.listName, kind: h.kind, at: iso(h.at)!, found: h.found,
      site: h.siteCode ? { code: h.siteCode, name: h.siteName ?? '' } : null,
    })),
    contacts: await personTraceLinks(ctx, actor, g.ids),
  };
  await recordAudit(ctx, actor, { action: 'person.view', targetType: 'person', targetId: g.root.id, orgPath: commonPath(actor.scope.paths) });
  return view;
}

export async function revealPerson(ctx: Ctx, actor: Actor, id: string, purpose: string): Promise<ClearProfile> {
  requireDataRole(actor);
  const why = checkPurpose(purpose);
  const g = await visibleGroup(ctx, actor, id);
  if (!g) throw notFound('person.not_found');
  const pii = openPersonPii(ctx, g.root);
  await recordAudit(ctx, actor, {
    action: 'reveal',
    targetType: 'person',
    targetId: g.root.id,
    purpose: why,
    orgPath: commonPath(actor.scope.paths),
    detail: { fields: Object.keys(pii) },
  });
  return { id: g.root.id, idType: g.root.idType, ...pii };
}
