// The server's import job runner: takes queued imports (and running ones whose process died: no heartbeat for
// STALE_MS) with a guarded UPDATE, so of several instances on one database only one runs a job, and runs them one
// at a time, each in a worker thread with its own runtime. Progress is in the import row, for anyone to read.
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../core/context.ts';
import { expireUploads } from './service.ts';
import * as store from './store.ts';

/** A running job beats every 5 s (engine.ts); six missed beats mean its process is gone. */
export const STALE_MS = 30_000;
const POLL_MS = 2_000;
const STOP_WAIT_MS = 20_000;
/** Uploads left in the mapping step are looked for this often (see expireUploads). */
const SWEEP_MS = 10 * 60_000;

export class ImportJobs {
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private worker: Worker | null = null;
  private stopped = false;
  private sweptAt = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly config: Config,
    private readonly log?: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Looks for work now (a job was just queued). */
  wake(): void {
    if (this.stopped || this.loop || !this.timer) return;
    this.loop = this.drain()
      .catch((e) => this.log?.warn({ err: e }, 'import job runner'))
      .finally(() => {
        this.loop = null;
      });
  }

  private async drain(): Promise<void> {
    if (this.ctx.clock.now() - this.sweptAt > SWEEP_MS) {
      this.sweptAt = this.ctx.clock.now();
      const expired = await expireUploads(this.ctx);
      if (expired) this.log?.info({ expired }, 'uploads never started were removed');
    }
    while (!this.stopped) {
      const now = this.ctx.clock.now();
      const job = await store.claimJob(this.ctx.db, now, now - STALE_MS);
      if (!job) return;
      this.log?.info({ importId: job.id }, 'import job started');
      const outcome = (await this.runInWorker(job.id)) as { ok?: boolean; message?: string } | null;
      this.log?.info({ importId: job.id, outcome }, 'import job ended');
      if (!outcome?.ok) {
        // The worker died before the engine took the job (its lease is still the claim's): fail it rather than
        // take it up again every STALE_MS.
        await store.updateImportIf(this.ctx.db, job.id, { status: 'failed', error: (outcome?.message ?? 'the import worker stopped').slice(0, 300), finishedAt: this.ctx.clock.now() }, { status: 'running', heartbeatAt: job.heartbeatAt });
      }
    }
  }

  private runInWorker(importId: string): Promise<unknown> {
    return new Promise((resolve) => {
      const worker = new Worker(new URL('./job-thread.js', import.meta.url), { workerData: { config: this.config, importId } });
      this.worker = worker;
      let outcome: unknown = null;
      worker.on('message', (m) => (outcome = m));
      worker.on('error', (e) => (outcome = { ok: false, message: e.message }));
      worker.on('exit', () => {
        this.worker = null;
        resolve(outcome);
      });
    });
  }

  /** Stops taking jobs; a running one is asked to stop at its next batch and goes back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const worker = this.worker;
    if (worker) {
      worker.postMessage('abort');
      const timeout = setTimeout(() => void worker.terminate(), STOP_WAIT_MS);
      await this.loop;
      clearTimeout(timeout);
    }
    await this.loop;
  }
}
