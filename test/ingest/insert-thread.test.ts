// The SQLite insert worker (SQLite only: PostgreSQL has no such thread): a worker that dies fails what it held —
// unacknowledged, so phones resend — and the next insert gets a new worker instead of waiting forever.
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteInsertThread } from '../../src/modules/checkins/sqlite-insert-thread.ts';
import { createTestRuntime, type TestRuntime } from '../helpers/db.ts';

describe('SQLite insert worker', () => {
  let rt: TestRuntime | undefined;
  let thread: SqliteInsertThread | undefined;
  afterEach(async () => {
    await thread?.close();
    await rt?.dispose();
  });

  it('is replaced after it dies, and what it held is refused, not lost silently', async () => {
    rt = await createTestRuntime('sqlite');
    thread = new SqliteInsertThread(rt.database.sqliteFile!);
    await expect(thread.insert([])).resolves.toBeUndefined();
    const worker = (thread as unknown as { worker: Worker }).worker;
    const held = thread.insert([]);
    await worker.terminate();
    // Either the worker answered before it was stopped, or the insert is refused: never left unsettled.
    await expect(Promise.race([held.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r('hung'), 5000))])).resolves.toBe('settled');
    await expect(thread.insert([])).resolves.toBeUndefined();
    expect((thread as unknown as { worker: Worker }).worker).not.toBe(worker);
  });
});
