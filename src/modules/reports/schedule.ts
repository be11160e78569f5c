// The report schedule: every minute it makes the reports due today (the analysis report of yesterday from
// `dailyAt` China time; on `weeklyDay` also the weekly dispatch of the 7 days ending yesterday) for each configured
// unit, and removes reports older than `keepDays` with their files (audited). Each due report is one insert with
// its schedule_key ('analysis:CODE:DAY', 'weekly:CODE:DAY'), unique in the table: however many instances tick,
// the report is made once. A day the server was down all the time dailyAt passed is not made up for later.
import type { FastifyBaseLogger } from 'fastify';
import type { ReportsConfig } from '../../config.ts';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { runExclusive } from '../../core/job-lock.ts';
import { addDays, dayStartMs, localDay } from '../../core/local-day.ts';
import { listOrgUnits } from '../org/service.ts';
import type { OrgUnitRow } from '../org/store.ts';
import { SCHEDULER } from './jobs.ts';
import { unitInScope, type ReportKind } from './service.ts';
import * as store from './store.ts';

const TICK_MS = 60_000;
const DAY_MS = 86_400_000;
/** removals per tick: a backlog (keepDays lowered) is worked off over a few minutes */
const REMOVE_BATCH = 200;

export interface DueReport {
  kind: ReportKind;
  unit: string;
  from: string;
  to: string;
  key: string;
}

/** ISO weekday of a day: 1 Monday ... 7 Sunday. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/** The reports due at `now` for these unit codes: none before dailyAt (China time), then today's. */
export function dueReports(now: number, settings: Pick<ReportsConfig, 'dailyAt' | 'weeklyDay'>, units: string[]): DueReport[] {
  const today = localDay(now);
  const [h, m] = settings.dailyAt.split(':').map(Number);
  if (now - dayStartMs(today) < (h * 60 + m) * 60_000) return [];
  const yesterday = addDays(today, -1);
  const out: DueReport[] = [];
  for (const unit of units) {
    out.push({ kind: 'analysis', unit, from: yesterday, to: yesterday, key: `analysis:${unit}:${yesterday}` });
    if (isoWeekday(today) === settings.weeklyDay) out.push({ kind: 'weekly', unit, from: addDays(yesterday, -6), to: yesterday, key: `weekly:${unit}:${yesterday}` });
  }
  return out;
}

export class ReportSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly warned = new Set<string>();

  constructor(
    private readonly ctx: Ctx,
    private readonly settings: ReportsConfig,
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
    // one instance at a time: the inserts are once-only anyway, the lock saves the others the work
    this.running = runExclusive(this.ctx, 'reports.schedule', () => this.tick())
      .catch((e) => this.opts.log?.warn({ err: e }, 'report schedule'))
      .finally(() => (this.running = null));
  }

  /** One check: makes the reports due now, removes the old ones. */
  async tick(): Promise<{ queued: number; removed: number }> {
    const now = this.ctx.clock.now();
    const units = await this.units();
    let queued = 0;
    for (const due of dueReports(now, this.settings, units.map((u) => u.code))) {
      const unit = units.find((u) => u.code === due.unit)!;
      const inserted = await store.insertScheduled(this.ctx.db, {
        id: newId(now), kind: due.kind, orgUnitId: unit.id, orgPath: unit.path, fromDay: due.from, toDay: due.to, lang: 'zh',
        status: 'queued', trigger: 'schedule', scheduleKey: due.key, requestedBy: null, title: null, createdAt: now, startedAt: null,
        finishedAt: null, heartbeatAt: null, attempts: 0, error: null, pdfBytes: null, xlsxBytes: null, progress: 0,
      });
      if (inserted) queued++;
    }
    if (queued) {
      this.opts.log?.info({ queued }, 'scheduled reports queued');
      this.opts.onQueued?.();
    }
    return { queued, removed: await this.removeOld(now) };
  }

  /** The configured units (unknown codes are skipped, said once in the log), or the root units. */
  private async units(): Promise<OrgUnitRow[]> {
    const codes = this.settings.units.length ? this.settings.units : (await listOrgUnits(this.ctx, SCHEDULER)).map((u) => u.code);
    const out: OrgUnitRow[] = [];
    for (const code of codes) {
      try {
        out.push(await unitInScope(this.ctx, SCHEDULER, code));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        if (!this.warned.has(code)) this.opts.log?.warn({ code }, 'reports.units names an org unit that does not exist');
        this.warned.add(code);
      }
    }
    return out;
  }

  /** Reports asked for more than keepDays ago go, row and files; each removal is audited. */
  private async removeOld(now: number): Promise<number> {
    const old = await store.expiredReports(this.ctx.db, now - this.settings.keepDays * DAY_MS, REMOVE_BATCH);
    let removed = 0;
    for (const r of old) {
      const gone = await inTransaction(this.ctx, async (tx) => {
        // Of two instances removing the same report, the one whose delete took it writes the audit entry.
        if (!(await store.deleteReport(tx.db, r.id))) return false;
        await recordAudit(tx, SCHEDULER, {
          action: 'report.removed',
          targetType: 'report',
          targetId: r.id,
          orgPath: r.orgPath,
          detail: { kind: r.kind, from: r.fromDay, to: r.toDay, trigger: r.trigger, keepDays: this.settings.keepDays },
        });
        return true;
      });
      if (gone) removed++;
    }
    return removed;
  }
}
