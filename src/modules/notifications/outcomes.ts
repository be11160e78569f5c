// Outcomes of sends, recorded together: one write transaction for all the sends that finished within a few
// milliseconds. On SQLite every write waits for the check-in writer's lock, and the wait blocks the request thread,
// so a burst of alerts must not write its outcomes one by one.
import { inTransaction, type Ctx } from '../../core/context.ts';
import * as store from './store.ts';

type Change = Parameters<typeof store.finishAttempt>[3];

interface Pending {
  id: string;
  lease: number;
  change: Change;
  sent: boolean;
  done: (recorded: boolean) => void;
  failed: (e: unknown) => void;
}

const DELAY_MS = 50;

export class OutcomeBatch {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: Ctx) {}

  /** Resolves once the outcome is committed: true if the claim was still ours. */
  record(id: string, lease: number, change: Change, sent = true): Promise<boolean> {
    return new Promise((done, failed) => {
      this.pending.push({ id, lease, change, sent, done, failed });
      this.timer ??= setTimeout(() => void this.flush(), DELAY_MS);
    });
  }

  /** Commits what is waiting (on shutdown). */
  async close(): Promise<void> {
    await this.flush();
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    // One flush at a time: outcomes of one delivery are never committed out of order.
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        const recorded = await inTransaction(this.ctx, async (tx) => {
          const out: boolean[] = [];
          for (const p of batch) out.push(await store.finishAttempt(tx.db, p.id, p.lease, p.change, p.sent));
          return out;
        });
        batch.forEach((p, i) => p.done(recorded[i]));
      } catch (e) {
        batch.forEach((p) => p.failed(e));
      }
    });
    return this.flushing;
  }
}
