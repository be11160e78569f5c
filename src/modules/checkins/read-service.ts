// Reading check-ins back: masked by default, in the caller's scope; clear values only through the reveal path.
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { maskIdNumber, maskName, maskPerson, maskPhone, maskPlate } from '../../core/masking.ts';
import { MIN_PURPOSE_LENGTH } from '../../core/reveal.ts';
import { recordAudit } from '../../core/audit.ts';
import type { CheckinEvent } from '../../core/events.ts';
import { openPii } from './pii.ts';
import * as store from './store.ts';
import { latestDecisions, type DecisionView } from '../decisions/service.ts';

const READERS = new Set(['admin', 'commander', 'analyst', 'officer']);

function requireReader(actor: Actor): void {
  if (!READERS.has(actor.role)) throw forbidden('auth.forbidden');
}

export interface CheckinView {
  id: string;
  groupId: string;
  at: string;
  site: { code: string; name: string };
  kind: string;
  direction: string;
  role: string;
  relation: string | null;
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  plate: string | null;
  plateType: string | null;
  vehicleRole: string | null;
  temperature: number | null;
  symptoms: string[];
  origin: string | null;
  destination: string | null;
  places14d: string[];
  purpose: string | null;
  flags: string[];
  enteredBy: string | null;
  enteredByName: string | null;
  /** the latest decision of an officer on this passage */
  decision: Pick<DecisionView, 'decision' | 'at'> & { by: string } | null;
}

const list = (json: string | null): string[] => (json ? (JSON.parse(json) as string[]) : []);

function toView(ctx: Ctx, r: store.CheckinRecord, clear: boolean, decision?: DecisionView, pii = openPii(ctx, r)): CheckinView {
  const { name } = pii;
  const idNumber = pii.idNumber ?? null;
  const phone = pii.phone ?? null;
  const plate = pii.plate ?? null;
  return {
    id: r.id,
    groupId: r.groupId,
    at: new Date(r.at).toISOString(),
    site: { code: r.siteCode, name: r.siteName },
    kind: r.kind,
    direction: r.direction,
    role: r.role,
    relation: r.relation,
    name: clear ? name : maskName(name)!,
    idType: r.idType,
    idNumber: clear ? idNumber : maskIdNumber(idNumber),
    phone: clear ? phone : maskPhone(phone),
    plate: clear ? plate : maskPlate(plate),
    plateType: r.plateType,
    vehicleRole: r.vehicleRole,
    temperature: r.temperature,
    symptoms: list(r.symptoms),
    origin: r.origin,
    destination: r.destination,
    places14d: list(r.places14d),
    purpose: r.purpose,
    flags: list(r.flags),
    enteredBy: r.enteredBy,
    enteredByName: r.enteredByName,
    decision: decision ? { decision: decision.decision, at: decision.at, by: decision.by.displayName } : null,
  };
}

export async function listCheckins(ctx: Ctx, actor: Actor, f: store.CheckinFilter): Promise<{ items: CheckinView[]; nextBefore: string | null }> {
  requireReader(actor);
  const rows = await store.listCheckins(ctx.db, actor.scope, { ...f, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  const decisions = await latestDecisions(ctx, actor, page.map((r) => r.id));
  return { items: page.map((r) => toView(ctx, r, false, decisions.get(r.id))), nextBefore: rows.length > f.limit ? page[page.length - 1].id : null };
}

/** Everything held for one check-in in clear, with the details; needs a purpose and is audited. */
export async function revealCheckin(ctx: Ctx, actor: Actor, id: string, purpose: string): Promise<CheckinView & { details: Record<string, unknown> | null }> {
  requireReader(actor);
  const why = purpose.trim();
  if (why.length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'purpose');
  const row = await store.findCheckin(ctx.db, actor.scope, id);
  if (!row) throw notFound('checkin.not_found');
  const pii = openPii(ctx, row);
  const decisions = await latestDecisions(ctx, actor, [row.id]);
  const view = { ...toView(ctx, row, true, decisions.get(row.id), pii), details: pii.details ?? null };
  await recordAudit(ctx, actor, { action: 'reveal', targetType: 'checkin', targetId: id, purpose: why, orgPath: row.orgPath, detail: { fields: ['name', 'idNumber', 'phone', 'plate', 'details'] } });
  return view;
}

/** The check-in events a feed missed since `afterId` (at most `limit`), in the caller's scope, masked. */
export async function checkinEventsAfter(ctx: Ctx, actor: Actor, afterId: string, limit: number): Promise<CheckinEvent[]> {
  requireReader(actor);
  const rows = await store.listSubmissionsAfter(ctx.db, actor.scope, afterId, limit);
  return rows.map((r) => {
    const pii = openPii(ctx, r);
    return {
      id: r.id, groupId: r.groupId, site: r.siteCode, siteId: r.siteId, orgPath: r.orgPath, kind: r.kind, direction: r.direction, at: r.at,
      flags: list(r.flags), people: Number(r.people),
      person: maskPerson(pii),
    };
  });
}

/** Masked views of records already read in scope, with their latest decisions. */
export async function maskedViews(ctx: Ctx, actor: Actor, rows: store.CheckinRecord[]): Promise<CheckinView[]> {
  const decisions = await latestDecisions(ctx, actor, rows.map((r) => r.id));
  return rows.map((r) => toView(ctx, r, false, decisions.get(r.id)));
}

export { requireReader };
