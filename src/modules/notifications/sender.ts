// The sender: claims due deliveries and sends them, a few at a time, in the background. Woken when alerts are
// queued, and polling for retries that come due. Every instance runs one; claims (store.claimDelivery) keep two
// from sending the same delivery at once, and a claim left by a crashed instance expires and is taken up again.
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from '../../core/context.ts';
import { attemptDelivery, leaseMs } from './delivery.ts';
import * as store from './store.ts';

export class DeliverySender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly ctx: Ctx,
    private readonly log: FastifyBaseLogger,
  ) {}

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
  }

  private async scan(): Promise<void> {
    const cfg = this.ctx.config.notifications;
    do {
      this.again = false;
      const free = cfg.concurrency - this.inFlight.size;
      if (free <= 0) return; // a finishing send wakes the sender again
      try {
        const now = this.ctx.clock.now();
        for (const id of await store.dueDeliveryIds(this.ctx.db, now, free)) {
          if (this.stopped) return;
          const lease = now + leaseMs(cfg);
          if (await store.claimDelivery(this.ctx.db, id, now, lease)) this.send(id, lease);
        }
      } catch (e) {
        // The database is away (restart, failover): the next poll tries again.
        if (!this.stopped) this.log.warn(`webhook deliveries not read: ${(e as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  private send(id: string, lease: number): void {
    const job = attemptDelivery(this.ctx, id, lease, { retry: true, signal: this.abort.signal })
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
