// The alert outbox: the deliveries of an alert are written in the same transaction as what the alert is about (the
// check-in batch, the decision). An acknowledged flagged check-in therefore always has its alerts queued, also
// through a crash right after the commit; the sender sends them afterwards, so no endpoint is ever waited for.
// Hooks are read through a short cache: a flagged burst at one checkpoint costs no query per check-in.
import type { Insertable } from 'kysely';
import type { Ctx } from '../../core/context.ts';
import type { CheckinEvent, DecisionEvent } from '../../core/events.ts';
import { newId } from '../../core/ids.ts';
import type { WebhookDeliveryTable } from '../../db/tables.ts';
import type { Alert, AlertEvent, MaskedPerson } from './alert.ts';
import * as store from './store.ts';

export type AlertDelivery = Insertable<WebhookDeliveryTable>;

const TTL_MS = 5_000;
const MAX_PATHS = 5_000;

export const consoleLink = (ctx: Ctx, checkinId: string) => `${ctx.config.publicUrl}/console/checkins?id=${encodeURIComponent(checkinId)}`;

/** Where an alert happened, as the message names it. */
export interface AlertSite {
  code: string;
  name: string;
  orgName: string | null;
  orgPath: string;
}

/** The check-in a decision is about, masked. */
export interface DecidedCheckin {
  id: string;
  kind: string;
  direction: string;
  flags: string[];
  person: MaskedPerson;
}

export class AlertOutbox {
  private hooks = new Map<string, { until: number; hooks: Array<{ id: string; events: string[] }> }>();
  private wake: () => void = () => {};

  /** The sender to wake once deliveries are committed. */
  onQueued(wake: () => void): void {
    this.wake = wake;
  }

  /** After a commit that wrote deliveries. */
  queued(): void {
    this.wake();
  }

  /** A hook was added, changed or removed here: the next alert reads the hooks again (other instances within the TTL). */
  invalidate(): void {
    this.hooks.clear();
  }

  forCheckin(ctx: Ctx, site: AlertSite, e: CheckinEvent): Promise<AlertDelivery[]> {
    if (!e.flags.length) return Promise.resolve([]);
    const alert: Alert = {
      event: 'flagged',
      at: new Date(e.at).toISOString(),
      site: { code: site.code, name: site.name, orgUnit: site.orgName },
      checkin: { id: e.id, kind: e.kind, direction: e.direction, flags: e.flags, people: e.people, person: e.person },
      link: consoleLink(ctx, e.id),
    };
    return this.deliveries(ctx, 'flagged', site.orgPath, e.id, alert);
  }

  /** Holding someone for screening or referring them is news for the commanders; letting them pass is not. */
  forDecision(ctx: Ctx, site: AlertSite, checkin: DecidedCheckin, d: DecisionEvent): Promise<AlertDelivery[]> {
    if (d.decision === 'pass') return Promise.resolve([]);
    const alert: Alert = {
      event: 'decision',
      at: new Date(d.at).toISOString(),
      site: { code: site.code, name: site.name, orgUnit: site.orgName },
      checkin: { ...checkin, people: null },
      decision: { decision: d.decision, by: d.by },
      link: consoleLink(ctx, checkin.id),
    };
    return this.deliveries(ctx, 'decision', site.orgPath, checkin.id, alert);
  }

  private async deliveries(ctx: Ctx, event: AlertEvent, orgPath: string, subjectId: string, alert: Alert): Promise<AlertDelivery[]> {
    const hooks = (await this.hooksOn(ctx, orgPath)).filter((h) => h.events.includes(event));
    if (!hooks.length) return [];
    const now = ctx.clock.now();
    const payload = JSON.stringify(alert);
    return hooks.map((h) => ({
      id: newId(now), webhookId: h.id, orgPath, event, subjectId, payload, status: 'pending', attempts: 0,
      nextAt: now, leaseUntil: null, lastStatus: null, lastError: null, createdAt: now, updatedAt: now, sentAt: null,
    }));
  }

  private async hooksOn(ctx: Ctx, orgPath: string): Promise<Array<{ id: string; events: string[] }>> {
    const now = Date.now();
    const hit = this.hooks.get(orgPath);
    if (hit && hit.until > now) return hit.hooks;
    const hooks = (await store.hooksOnPath(ctx.db, orgPath)).map((h) => ({ id: h.id, events: JSON.parse(h.events) as string[] }));
    if (this.hooks.size >= MAX_PATHS) this.hooks.delete(this.hooks.keys().next().value!);
    this.hooks.set(orgPath, { until: now + TTL_MS, hooks });
    return hooks;
  }
}
