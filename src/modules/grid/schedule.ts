// The grid's clock work, every minute in each instance: overdue tasks escalated, missed temperature reports turned
// into tasks, finished observations ended, the evening summaries queued for the group chats. Each step is safe to
// run in several instances at once (conditional updates, dedupe keys, one delivery per webhook and day).
import type { FastifyBaseLogger } from 'fastify';
import { BackgroundPass } from '../../core/background-pass.ts';
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

/** One pass of the schedule; the server runs it every minute, tests on their own clock. */
export async function gridTick(ctx: Ctx, opts: { log?: FastifyBaseLogger; onQueued?: () => void } = {}): Promise<GridTick> {
  const missed = await checkMissedReports(ctx);
  const ended = await endObservations(ctx);
  const { escalated, queued } = await escalateOverdue(ctx);
  const summaries = await queueDailySummaries(ctx);
  if (queued || summaries) opts.onQueued?.();
  if (escalated || missed) opts.log?.info({ escalated, missed, ended }, 'grid schedule');
  return { escalated, missed, ended, summaries };
}

export function gridSchedule(ctx: Ctx, opts: { log?: FastifyBaseLogger; onQueued?: () => void } = {}): BackgroundPass {
  return new BackgroundPass('grid schedule', TICK_MS, async () => void (await gridTick(ctx, opts)), opts.log, { immediately: true, exclusive: { ctx, name: 'grid.schedule' } });
}
