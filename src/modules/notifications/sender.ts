// The sender: claims due deliveries and sends them, a few at a time, in the background. Woken when alerts are
// queued, and polling for retries that come due. Every instance runs one; claims (store.claimDue) keep two
// from sending the same delivery at once, and a claim left by a crashed instance expires and is taken up again.
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from '../../core/context.ts';
import { attemptDelivery, leaseMs } from './delivery.ts';
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
        for (const id of claimed) this.send(id, lease);
        if (claimed.length === free) this.again = true; // there may be more
      } catch (e) {
        // The database is away (restart, failover): the next poll tries again.
        if (!this.stopped) this.log.warn(`webhook deliveries not read: ${(e as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  private send(id: string, lease: number): void {
    // The slot is free once the endpoint has answered; the outcome commits with the next batch, and the claim keeps
    // the delivery from being taken again until then.
    const record = (...args: Parameters<OutcomeBatch['record']>) => {
      this.outcomes.record(...args).catch((e: unknown) => this.log.warn(`webhook delivery ${id} not recorded: ${(e as Error).message}`));
      return Promise.resolve(true);
    };
    const job = attemptDelivery(this.ctx, id, lease, { retry: true, signal: this.abort.signal, record })
      .catch((e: unknown) => {
        if (!this.stopped) this.log.warn(`webhook delivery ${id} not recorded: ${(e as Error).message}`);
      })
      .finally(() => {
        this.inFlight.delete(job);
        this.wake();
      });
    this.inFlight.add(job);
  }
}
