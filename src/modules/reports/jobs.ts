// The server's report runner: takes queued reports with a guarded UPDATE (of several instances on one database
// only one builds a report) and builds them one at a time, in this process, storing the two files with the row's
// change to done, in one transaction. A build renews its lease every HEARTBEAT_MS; a report left `running` by a process that died is
// taken up again once its lease is STALE_MS old (on start, or by another instance), and failed after MAX_ATTEMPTS
// takes, so a report that kills its process cannot do so forever.
import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Actor, type Ctx, type Role } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import type { Locale } from '../../core/messages.ts';
import { normalizeScope, pathInScope, SYSTEM_SCOPE } from '../../core/scope.ts';
import { findUserById, scopeUnitsOf } from '../users/login-state.ts';
import { errorOf, type ReportKind } from './service.ts';
import * as store from './store.ts';

export interface BuildQuery {
  kind: ReportKind;
  org: string;
  from?: string;
  to: string;
  lang: Locale;
}
export type BuildReport = (
  ctx: Ctx,
  actor: Actor,
  q: BuildQuery,
  opts?: { onProgress?: (step: string, done: number, total: number) => void },
) => Promise<{ pdf: Buffer; xlsx: Buffer; title: string }>;

export const STALE_MS = 60_000;
export const HEARTBEAT_MS = 10_000;
export const MAX_ATTEMPTS = 3;
const POLL_MS = 5_000;

/** Who the schedule's reports are made by: the operator of the machine, as for the CLI. */
export const SCHEDULER: Actor = { userId: null, username: 'scheduler', role: 'admin', scope: SYSTEM_SCOPE, ip: null, homePath: null };

const READERS = new Set<Role>(['admin', 'commander', 'analyst']);

/**
 * The requester as they are now: a report is read with their present role and scope, so an account disabled or
 * moved since the request does not get it.
 */
async function actorFor(ctx: Ctx, row: store.ReportRow): Promise<Actor> {
  if (!row.requestedBy) return SCHEDULER;
  const user = await findUserById(ctx, row.requestedBy);
  if (!user || user.disabled || !READERS.has(user.role as Role)) throw invalid('report.requester_gone');
  const scope = normalizeScope((await scopeUnitsOf(ctx, user.id)).map((u) => u.path));
  if (!pathInScope(scope, row.orgPath)) throw invalid('report.requester_gone');
  return { userId: user.id, username: user.username, role: user.role as Role, scope, ip: null, homePath: null };
}

async function defaultBuild(ctx: Ctx, actor: Actor, q: BuildQuery) {
  return (await import('./build.ts')).buildReport(ctx, actor, q);
}

export class ReportJobs {
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly build: BuildReport;

  constructor(
    private readonly ctx: Ctx,
    private readonly opts: { log?: FastifyBaseLogger; build?: BuildReport; pollMs?: number } = {},
  ) {
    this.build = opts.build ?? defaultBuild;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs ?? POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Looks for work now (a report was just asked for or scheduled). */
  wake(): void {
    if (this.stopped || !this.timer) return;
    if (this.loop) {
      this.again = true; // asked while draining: look once more at the end
      return;
    }
    this.loop = this.drain()
      .then(() => undefined)
      .catch((e) => this.opts.log?.warn({ err: e }, 'report runner'))
      .finally(() => {
        this.loop = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Builds reports until none is left to take; answers how many it took. For the runner and for tests. */
  async drain(): Promise<number> {
    let n = 0;
    while (!this.stopped) {
      const now = this.ctx.clock.now();
      const row = await store.claimReport(this.ctx.db, now, now - STALE_MS);
      if (!row) return n;
      n++;
      await this.run(row);
    }
    return n;
  }

  private async run(row: store.ReportRow): Promise<void> {
    const { ctx } = this;
    let lease = Number(row.heartbeatAt);
    // Renewals are chained, so the last write below holds the lease the last renewal set.
    let renewals: Promise<unknown> = Promise.resolve();
    const log = this.opts.log;
    const beat = setInterval(() => {
      renewals = renewals
        .then(async () => {
          const next = ctx.clock.now();
          if (await store.renewLease(ctx.db, row.id, lease, next)) lease = next;
        })
        .catch((e) => log?.warn({ reportId: row.id, err: e }, 'report lease not renewed'));
    }, HEARTBEAT_MS);
    beat.unref();
    // Each step of the build moves the console's bar: written with a lease renewal, in the same chain.
    const onProgress = (_step: string, done: number, total: number) => {
      const progress = Math.round((done / total) * 100);
      renewals = renewals
        .then(async () => {
          const next = ctx.clock.now();
          if (await store.renewLease(ctx.db, row.id, lease, next, { progress })) lease = next;
        })
        .catch((e) => log?.warn({ reportId: row.id, err: e }, 'report progress not written'));
    };
    log?.info({ reportId: row.id, kind: row.kind, attempt: row.attempts }, 'report build started');
    let outcome: Partial<store.ReportRow>;
    let files: { pdf: Buffer; xlsx: Buffer } | null = null;
    try {
      if (row.attempts > MAX_ATTEMPTS) throw invalid('report.abandoned');
      const actor = await actorFor(ctx, row);
      const org = await store.orgCodeOf(ctx.db, row.orgUnitId);
      const built = await this.build(ctx, actor, { kind: row.kind as ReportKind, org, from: row.fromDay, to: row.toDay, lang: row.lang as Locale }, { onProgress });
      files = { pdf: built.pdf, xlsx: built.xlsx };
      outcome = { status: 'done', title: built.title.slice(0, 200), pdfBytes: built.pdf.length, xlsxBytes: built.xlsx.length, error: null };
    } catch (e) {
      log?.warn({ reportId: row.id, err: e }, 'report build failed');
      outcome = { status: 'failed', error: errorOf(e) };
    } finally {
      clearInterval(beat);
    }
    await renewals;
    // Done and its files commit together: a done report always has both. Taken by another instance meanwhile
    // (this lease lapsed), or removed: nothing is written.
    const held = await inTransaction(ctx, async (tx) => {
      const kept = await store.renewLease(tx.db, row.id, lease, ctx.clock.now(), { ...outcome, finishedAt: ctx.clock.now() });
      if (kept && files) await store.insertReportFiles(tx.db, row.id, files);
      return kept;
    });
    log?.info({ reportId: row.id, status: outcome.status, held }, 'report build ended');
  }

  /** Stops taking reports; a build in progress is finished first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.loop;
  }
}
