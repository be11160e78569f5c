// The sender: claims due deliveries and sends them, a few at a time, in the background. Woken when alerts are
// queued, and polling for retries that come due. Every instance runs one; claims (store.claimDue) keep two
// from sending the same delivery at once, and a claim left by a crashed instance expires and is taken up again.
// A WeCom or DingTalk robot takes 20 messages a minute: its due deliveries go as one digest message (up to
// DIGEST_MAX alerts), at most one per robotIntervalMs per hook from this instance; the rest are given back, due when
// the hook may send again, and join the next digest.
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from '../../core/context.ts';
import { DIGEST_MAX } from './alert.ts';
import { attemptMessage, leaseMs } from './delivery.ts';
import { isRobot } from './formats.ts';
import { OutcomeBatch } from './outcomes.ts';
import * as store from './store.ts';

export class DeliverySender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly outcomes: OutcomeBatch;
  /** per robot hook: when it may get its next message, and whether one is in flight */
  private readonly robots = new Map<string, { freeAt: number; busy: boolean }>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly ctx: Ctx,
    private readonly log: FastifyBaseLogger,
  ) {
    this.outcomes = new OutcomeBatch(ctx);
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.ctx.config.notifications.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks for due deliveries now; calls while a look is running make it look once more. */
  wake(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scan().finally(() => {
      this.scanning = null;
    });
  }

  /** Stops claiming, aborts requests in flight (their claims are given back) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
    await this.scanning;
    await Promise.allSettled([...this.inFlight]);
    await this.outcomes.close();
  }

  private async scan(): Promise<void> {
    const cfg = this.ctx.config.notifications;
    do {
      this.again = false;
      const free = cfg.concurrency - this.inFlight.size;
      if (free <= 0) return; // a finishing send wakes the sender again
      try {
        const now = this.ctx.clock.now();
        const lease = now + leaseMs(cfg);
        // One write claims a batch: on SQLite every write waits for the check-in writer's lock.
        const claimed = await store.claimDue(this.ctx.db, now, lease, free);
        if (this.stopped) {
          await Promise.all(claimed.map((id) => store.releaseClaim(this.ctx.db, id, lease)));
          return;
        }
        if (claimed.length === free) this.again = true; // there may be more
        await this.dispatch(claimed, now, lease);
      } catch (e) {
        // The database is away (restart, failover): the next poll tries again.
        if (!this.stopped) this.log.warn(`webhook deliveries not read: ${(e as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** Sends what was claimed: one request per generic delivery, one digest per robot hook that may send now. */
  private async dispatch(claimed: string[], now: number, lease: number): Promise<void> {
    const interval = this.ctx.config.notifications.robotIntervalMs;
    for (const [hookId, pace] of this.robots) if (!pace.busy && pace.freeAt <= now) this.robots.delete(hookId);
    const byRobot = new Map<string, string[]>();
    for (const row of await store.claimedWithKind(this.ctx.db, claimed)) {
      if (row.kind && isRobot(row.kind)) byRobot.set(row.webhookId, [...(byRobot.get(row.webhookId) ?? []), row.id]);
      else this.send([row.id], lease);
    }
    // Claimed ids are oldest due first; the rows came back in any order.
    const order = new Map(claimed.map((id, i) => [id, i]));
    for (const [hookId, ids] of byRobot) {
      ids.sort((a, b) => order.get(a)! - order.get(b)!);
      const pace = this.robots.get(hookId) ?? { freeAt: 0, busy: false };
      if (pace.busy || pace.freeAt > now) {
        // Not yet: due again when the hook may send (a message in flight: one interval on, and never at once).
        await this.defer(ids, lease, pace.busy ? Math.max(pace.freeAt, now + Math.max(interval, 100)) : pace.freeAt);
        continue;
      }
      const more = await store.claimDueForHook(this.ctx.db, hookId, now, lease, DIGEST_MAX - ids.length);
      const all = [...ids, ...more];
      const message = all.slice(0, DIGEST_MAX);
      this.robots.set(hookId, { freeAt: now + interval, busy: true });
      if (all.length > DIGEST_MAX) await this.defer(all.slice(DIGEST_MAX), lease, now + interval);
      this.send(message, lease, hookId);
    }
  }

  /** Gives claims back, due at `at`, and looks again then. */
  private async defer(ids: string[], lease: number, at: number): Promise<void> {
    await store.deferClaims(this.ctx.db, ids, lease, at);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.wake();
    }, Math.max(0, at - this.ctx.clock.now()) + 5);
    t.unref();
    this.timers.add(t);
  }

  private send(ids: string[], lease: number, robotHook?: string): void {
    const label = ids.length === 1 ? ids[0] : `${ids[0]} (+${ids.length - 1})`;
    // The slot is free once the endpoint has answered; the outcome commits with the next batch, and the claim keeps
    // the delivery from being taken again until then.
    const record = (...args: Parameters<OutcomeBatch['record']>) => {
      this.outcomes.record(...args).catch((e: unknown) => this.log.warn(`webhook delivery ${args[0]} not recorded: ${(e as Error).message}`));
      return Promise.resolve(true);
    };
    const job = attemptMessage(this.ctx, ids, lease, { retry: true, signal: this.abort.signal, record })
      .then(({ tooFast }) => {
        // Refused as too fast: nothing more to that robot for an interval from now.
        const pace = robotHook && this.robots.get(robotHook);
        if (pace && tooFast) pace.freeAt = Math.max(pace.freeAt, this.ctx.clock.now() + this.ctx.config.notifications.robotIntervalMs);
      })
      .catch((e: unknown) => {
        if (!this.stopped) this.log.warn(`webhook delivery ${label} not recorded: ${(e as Error).message}`);
      })
      .finally(() => {
        const pace = robotHook && this.robots.get(robotHook);
        if (pace) pace.busy = false;
        this.inFlight.delete(job);
        this.wake();
      });
    this.inFlight.add(job);
  }
}
