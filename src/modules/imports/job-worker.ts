// One import job in a worker thread, on a runtime (database connection, keys) of its own, so the long job never
// blocks the server's request thread. Aborted by the message 'abort' (the server is closing): the job goes back
// to the queue at its last committed batch.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../runtime.ts';
import { runImport } from './engine.ts';

const { config, importId } = workerData as { config: Config; importId: string };
const controller = new AbortController();
parentPort!.on('message', (m) => {
  if (m === 'abort') controller.abort();
});

let result: { ok: true; status: string } | { ok: false; message: string };
const rt = await openRuntime(config, { migrate: false });
try {
  const view = await runImport(rt.ctx, importId, { signal: controller.signal });
  result = { ok: true, status: view.status };
} catch (e) {
  result = { ok: false, message: String((e as Error).message ?? e).slice(0, 300) };
} finally {
  await rt.close();
}
parentPort!.postMessage(result);
parentPort!.close();
