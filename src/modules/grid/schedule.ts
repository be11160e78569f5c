// The grid's clock work, every minute in each instance: overdue tasks escalated, missed temperature reports turned
// into tasks, finished observations ended, the evening summaries queued for the group chats. Each step is safe to
// run in several instances at once (conditional updates, dedupe keys, one delivery per webhook and day).
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from '../../core/context.ts';
import { queueDailySummaries } from './daily-summary.ts';
import { escalateOverdue } from './escalation.ts';
import { checkMissedReports, endObservations } from './observation-missed.ts';

const TICK_MS = 60_000;

export interface GridTick {
  escalated: number;
  missed: number;
  ended: number;
  summaries: number;
}

export class GridSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly opts: { log?: FastifyBaseLogger; onQueued?: () => void } = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.safeTick(), TICK_MS);
    this.timer.unref();
    this.safeTick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private safeTick(): void {
    if (this.running) return;
    this.running = this.tick()
      .catch((e) => this.opts.log?.warn({ err: e }, 'grid schedule'))
      .finally(() => (this.running = null));
  }

  async tick(): Promise<GridTick> {
    const missed = await checkMissedReports(this.ctx);
    const ended = await endObservations(this.ctx);
    const { escalated, queued } = await escalateOverdue(this.ctx);
    const summaries = await queueDailySummaries(this.ctx);
    if (queued || summaries) this.opts.onQueued?.();
    if (escalated || missed) this.opts.log?.info({ escalated, missed, ended }, 'grid schedule');
    return { escalated, missed, ended, summaries };
  }
}
