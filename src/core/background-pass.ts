// Work a server does behind the requests, every so often: one pass at a time (a tick while one runs is skipped), a
// failed pass logged and tried again at the next tick, and stop() waiting for the pass in progress so the database
// can be closed after it. The person index, the floating households and the grid's schedule run on it.
// `exclusive` makes a pass run in one instance at a time (core/job-lock.ts): the others skip that tick.
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from './context.ts';
import { runExclusive } from './job-lock.ts';

export class BackgroundPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly pass: (stopped: () => boolean) => Promise<void>,
    private readonly log?: FastifyBaseLogger,
    private readonly opts: { immediately?: boolean; exclusive?: { ctx: Ctx; name: string } } = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    if (this.opts.immediately) this.tick();
  }

  private tick(): void {
    if (this.stopped || this.running) return;
    const run = () => this.pass(() => this.stopped);
    const { exclusive } = this.opts;
    this.running = (exclusive ? runExclusive(exclusive.ctx, exclusive.name, run).then(() => {}) : run())
      .catch((e: unknown) => this.log?.warn({ error: (e as Error).message }, `${this.what} failed; tried again at the next tick`))
      .finally(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}

/** A backlog goes batch by batch, letting requests run in between. */
export async function inBatches(stopped: () => boolean, batch: number, next: () => Promise<{ read: number }>): Promise<void> {
  while (!stopped()) {
    if ((await next()).read < batch) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
