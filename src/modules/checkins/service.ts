// Registering check-ins (public, through a site's signed QR token) and reading them back (staff, in scope).
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import { pathInScope } from '../../core/scope.ts';
import type { CheckinEvent } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import { maskPerson } from '../../core/masking.ts';
import { evaluateRisk } from '../risk/rules.ts';
import { currentRiskRules } from '../risk/service.ts';
import { recordCheckinHits, watchEntriesFor } from '../lists/watch.ts';
import { issuePass } from './pass.ts';
import type { CheckinInput } from './schema.ts';
import { normalizeSubmission, type NormalSubmission, type SiteKind } from './validate.ts';
import type { AlertDelivery, CheckinRow, CheckinWriter } from './writer.ts';
import { PII_CONTEXT, type CheckinPii } from './pii.ts';
import { placeKeys } from './place-keys.ts';

/** What ingest needs to know of the site a token names. */
export interface IngestSite {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  orgPath: string;
  orgName: string;
}

export interface IngestDeps {
  writer: CheckinWriter;
  resolveSite(ctx: Ctx, token: string): Promise<IngestSite>;
  isKnownDivision(code: string): boolean;
  emit(event: CheckinEvent): void;
  /** the alert deliveries of a flagged check-in, written with it (see notifications/outbox.ts) */
  alerts?: {
    forCheckin(ctx: Ctx, site: IngestSite, event: CheckinEvent): Promise<AlertDelivery[]>;
    queued(): void;
  };
}

function sealedDocument(p: NormalSubmission['people'][number], sub: NormalSubmission): CheckinPii {
  return {
    name: p.name,
    ...(p.idNumber && { idNumber: p.idNumber }),
    ...(p.phone && { phone: p.phone }),
    ...(sub.vehicle && { plate: sub.vehicle.plate }),
    ...(sub.details && { details: sub.details }),
  };
}

function toRows(ctx: Ctx, site: IngestSite, sub: NormalSubmission, idBidxs: (string | null)[], flags: string[], at: number, enteredBy: string | null): CheckinRow[] {
  const groupId = newId(at);
  const json = (v: unknown[]) => (v.length ? JSON.stringify(v) : null);
  // Companions registered with a resident live in the same room: the submission's address is theirs too.
  const place = placeKeys(ctx.blindIndex, site, sub.details);
  return sub.people.map((p, i) => ({
    // The submitter's row takes the group id as its own id: the id and pass stay stable for resends.
    id: i === 0 ? groupId : newId(at),
    groupId,
    siteId: site.id,
    orgPath: site.orgPath,
    kind: site.kind,
    direction: sub.direction,
    at,
    role: i === 0 ? 'self' : 'companion',
    relation: p.relation,
    piiEnc: ctx.cipher.encrypt(PII_CONTEXT, JSON.stringify(sealedDocument(p, sub))),
    idType: p.idType,
    idBidx: idBidxs[i],
    phoneBidx: p.phone ? ctx.blindIndex.of('phone', p.phone) : null,
    // The vehicle, the trip and the health answers belong to everyone who travelled together.
    plateBidx: sub.vehicle ? ctx.blindIndex.of('plate', sub.vehicle.plate) : null,
    plateType: sub.vehicle?.plateType ?? null,
    vehicleRole: sub.vehicle ? (i === 0 ? sub.vehicle.role : 'passenger') : null,
    temperature: i === 0 ? sub.temperature : null,
    symptoms: i === 0 ? json(sub.symptoms) : null,
    origin: sub.origin,
    destination: sub.destination,
    places14d: json(sub.places14d),
    purpose: sub.purpose,
    flags: JSON.stringify(i === 0 ? flags : []),
    lang: sub.lang,
    enteredBy,
    dwellingBidx: place.dwellingBidx,
    buildingBidx: place.buildingBidx,
  }));
}

/** Staff who register people for them at the gate or the door. */
const ASSISTANTS = new Set(['admin', 'commander', 'officer', 'grid_worker']);

/** Registering for someone else is marked with who did it, so it must be someone who may, at a site they cover. */
function checkAssistant(actor: Actor, site: IngestSite): void {
  if (!ASSISTANTS.has(actor.role)) throw forbidden('checkin.assist_forbidden');
  if (!pathInScope(actor.scope, site.orgPath)) throw forbidden('checkin.assist_out_of_scope');
}

export interface CheckinAck {
  id: string;
  pass: string;
  flags: string[];
  duplicate: boolean;
}

/**
 * Validates, judges and stores one submission; answers after the commit. A resend of the same key stores nothing
 * and answers with the stored id and flags.
 */
export async function registerCheckin(ctx: Ctx, deps: IngestDeps, input: CheckinInput, opts: { enteredBy?: Actor } = {}): Promise<CheckinAck> {
  const site = await deps.resolveSite(ctx, input.token);
  if (opts.enteredBy) checkAssistant(opts.enteredBy, site);
  const sub = normalizeSubmission(site.kind, input, deps.isKnownDivision, { assisted: !!opts.enteredBy });
  const at = ctx.clock.now();
  const risk = evaluateRisk(sub, await currentRiskRules(ctx), at);
  const idBidxs = sub.people.map((p) => (p.idNumber ? ctx.blindIndex.of('id_number', p.idNumber) : null));
  // Anyone of the submission on a watched list flags it: the officer stops the group, not one of them.
  const watched = await watchEntriesFor(ctx, idBidxs);
  const flags = watched.length ? [...risk.flags, 'watch_list' as const] : risk.flags;
  const rows = toRows(ctx, site, sub, idBidxs, flags, at, opts.enteredBy?.userId ?? null);
  const p = sub.people[0];
  const event: CheckinEvent = {
    id: rows[0].id, groupId: rows[0].groupId, site: site.code, siteId: site.id, orgPath: site.orgPath, kind: site.kind,
    direction: sub.direction, at, flags, people: rows.length,
    person: maskPerson(p),
  };
  const alerts = flags.length && deps.alerts ? await deps.alerts.forCheckin(ctx, site, event) : [];
  const written = await deps.writer.submit({ idemKey: input.key, rows, alerts });
  if (!written.duplicate) {
    // The flag stored with the check-in is the durable part; the hit rows are derived from it, so a failure here
    // must not turn an acknowledged check-in into an error (re-linking the list writes them again).
    if (watched.length) await recordCheckinHits(ctx, rows, watched).catch(() => 0);
    deps.emit(event);
    if (alerts.length) deps.alerts?.queued();
  }
  return { id: written.id, pass: issuePass(ctx, written.groupId, at), flags: written.flags, duplicate: written.duplicate };
}
