// From the event bus to deliveries: a flagged check-in, or a decision to hold or refer, becomes one delivery per
// enabled hook of the units above its site. The bus listener only queues the event: registration never waits for
// the database work here, let alone for an endpoint. Events relayed from another instance are skipped: the
// instance where the check-in (or decision) happened queues its alerts, so each is delivered once.
import type { FastifyBaseLogger } from 'fastify';
import type { Actor, Ctx } from '../../core/context.ts';
import type { CheckinEvent, DecisionEvent } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import { maskIdNumber, maskName, maskPhone } from '../../core/masking.ts';
import { PII_CONTEXT, type CheckinPii } from '../checkins/service.ts';
import { findCheckin } from '../checkins/store.ts';
import { getSite } from '../sites/service.ts';
import type { Alert, AlertEvent } from './alert.ts';
import * as store from './store.ts';

const MAX_QUEUED = 10_000;
const SITE_TTL_MS = 60_000;
const SITE_CACHE_MAX = 2_000;

type Queued = { kind: 'checkin'; event: CheckinEvent } | { kind: 'decision'; event: DecisionEvent };

/** The dispatcher reads for the system, only in the subtree of the event's site. */
const systemReader = (orgPath: string): Actor => ({ userId: null, username: 'notifications', role: 'admin', scope: { paths: [orgPath] }, ip: null, homePath: null });

export const consoleLink = (ctx: Ctx, checkinId: string) => `${ctx.config.publicUrl}/console/checkins?id=${encodeURIComponent(checkinId)}`;

export class AlertDispatcher {
  private readonly queue: Queued[] = [];
  private draining: Promise<void> | null = null;
  private readonly sites = new Map<string, { site: NonNullable<Alert['site']>; until: number }>();
  private readonly onCheckin = (event: CheckinEvent) => {
    if (!event.relayed && event.flags.length > 0) this.enqueue({ kind: 'checkin', event });
  };
  private readonly onDecision = (event: DecisionEvent) => {
    if (!event.relayed && event.decision !== 'pass') this.enqueue({ kind: 'decision', event });
  };

  constructor(
    private readonly ctx: Ctx,
    private readonly log: FastifyBaseLogger,
    /** called when deliveries were queued: the sender looks at once */
    private readonly queued: () => void,
  ) {}

  start(): void {
    this.ctx.events.on('checkin', this.onCheckin);
    this.ctx.events.on('decision', this.onDecision);
  }

  /** Stops listening and finishes the events already taken (their check-ins are acknowledged). */
  async stop(): Promise<void> {
    this.ctx.events.off('checkin', this.onCheckin);
    this.ctx.events.off('decision', this.onDecision);
    await this.idle();
  }

  /** Resolves when every event queued so far has its deliveries (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private enqueue(item: Queued): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.log.warn(`alert dropped, ${MAX_QUEUED} alerts already waiting for the database: ${item.kind} ${item.event.id}`);
      return;
    }
    this.queue.push(item);
    this.kick();
  }

  private kick(): void {
    if (this.draining) return;
    // Started on a later turn: the emitting request goes on untouched.
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = null;
        if (this.queue.length) this.kick(); // queued while the last drain was ending
      });
  }

  private async drain(): Promise<void> {
    let any = false;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      try {
        any = (await this.dispatch(item)) || any;
      } catch (e) {
        this.log.warn(`alert for ${item.kind} ${item.event.id} not queued: ${(e as Error).message}`);
      }
    }
    if (any) this.queued();
  }

  private async dispatch(item: Queued): Promise<boolean> {
    const { event } = item;
    const event_: AlertEvent = item.kind === 'checkin' ? 'flagged' : 'decision';
    const hooks = (await store.hooksOnPath(this.ctx.db, event.orgPath)).filter((h) => (JSON.parse(h.events) as string[]).includes(event_));
    if (hooks.length === 0) return false;
    const alert = item.kind === 'checkin' ? await this.flaggedAlert(item.event) : await this.decisionAlert(item.event);
    const now = this.ctx.clock.now();
    const payload = JSON.stringify(alert);
    const subjectId = item.kind === 'checkin' ? item.event.id : item.event.checkinId;
    await store.insertDeliveries(
      this.ctx.db,
      hooks.map((h) => ({
        id: newId(now), webhookId: h.id, orgPath: event.orgPath, event: event_, subjectId, payload, status: 'pending', attempts: 0,
        nextAt: now, leaseUntil: null, lastStatus: null, lastError: null, createdAt: now, updatedAt: now, sentAt: null,
      })),
    );
    return true;
  }

  private async flaggedAlert(e: CheckinEvent): Promise<Alert> {
    return {
      event: 'flagged',
      at: new Date(e.at).toISOString(),
      site: await this.site(e.site, e.siteId, e.orgPath),
      checkin: { id: e.id, kind: e.kind, direction: e.direction, flags: e.flags, people: e.people, person: e.person },
      link: consoleLink(this.ctx, e.id),
    };
  }

  /** A decision event names the check-in only: its flags and (masked) person are read back. */
  private async decisionAlert(e: DecisionEvent): Promise<Alert> {
    const row = await findCheckin(this.ctx.db, systemReader(e.orgPath).scope, e.checkinId);
    const pii = row ? (JSON.parse(this.ctx.cipher.decrypt(PII_CONTEXT, row.piiEnc)) as CheckinPii) : null;
    return {
      event: 'decision',
      at: new Date(e.at).toISOString(),
      site: await this.site(e.site, e.siteId, e.orgPath),
      checkin: row && pii
        ? {
            id: row.id, kind: row.kind, direction: row.direction, flags: JSON.parse(row.flags ?? '[]') as string[], people: null,
            person: { name: maskName(pii.name), idNumber: maskIdNumber(pii.idNumber ?? null), phone: maskPhone(pii.phone ?? null) },
          }
        : null,
      decision: { decision: e.decision as 'hold' | 'refer', by: e.by },
      link: consoleLink(this.ctx, e.checkinId),
    };
  }

  /** Site names change rarely and flagged check-ins come in bursts at one checkpoint: kept a minute. */
  private async site(code: string, siteId: string, orgPath: string): Promise<NonNullable<Alert['site']>> {
    const now = Date.now();
    const hit = this.sites.get(siteId);
    if (hit && hit.until > now) return hit.site;
    const site = await getSite(this.ctx, systemReader(orgPath), code).then(
      (s) => ({ code: s.code, name: s.name, orgUnit: s.orgUnit.name }),
      () => ({ code, name: code, orgUnit: null }), // removed meanwhile: the code still says where
    );
    if (this.sites.size >= SITE_CACHE_MAX) this.sites.delete(this.sites.keys().next().value!);
    this.sites.set(siteId, { site, until: now + SITE_TTL_MS });
    return site;
  }
}
