// The daily retention run: from 03:30 China time (a quiet hour), once per day across all instances (job_runs under
// an advisory lock), the check-in partitions of the coming months are made and what is past its retention purged.
// A day the server was down at 03:30 is run at its first tick afterwards; a failed run is tried at the next tick.
import type { FastifyBaseLogger } from 'fastify';
import { BackgroundPass } from '../../core/background-pass.ts';
import type { Ctx } from '../../core/context.ts';
import { runOncePerPeriod, type OncePerPeriod } from '../../core/job-lock.ts';
import { dayStartMs, localDay } from '../../core/local-day.ts';
import { preparePartitions } from './partitions.ts';
import { purgeExpired, type PurgeResult } from './purge.ts';

const TICK_MS = 60_000;
/** 03:30 China time, as minutes after midnight */
const RUN_AT_MIN = 3 * 60 + 30;
/** who the audit log names for the scheduled runs */
export const RETENTION_SCHEDULE = { userId: null, username: 'retention-schedule', ip: null };

/** One tick: runs the day's purge when it is due and not done yet (by this or another instance). */
export async function retentionTick(ctx: Ctx, opts: { log?: FastifyBaseLogger } = {}): Promise<OncePerPeriod<PurgeResult> | null> {
  const now = ctx.clock.now();
  const day = localDay(now);
  if (now - dayStartMs(day) < RUN_AT_MIN * 60_000) return null;
  const run = await runOncePerPeriod(ctx, 'retention.purge', day, async () => {
    await preparePartitions(ctx);
    return purgeExpired(ctx, RETENTION_SCHEDULE);
  });
  if (run.ran) opts.log?.info({ checkins: run.value.checkins, partitions: run.value.partitions.length, tables: run.value.tables }, 'retention purge');
  return run;
}

export function retentionSchedule(ctx: Ctx, opts: { log?: FastifyBaseLogger } = {}): BackgroundPass {
  return new BackgroundPass('retention schedule', TICK_MS, async () => void (await retentionTick(ctx, opts)), opts.log, { immediately: true });
}
