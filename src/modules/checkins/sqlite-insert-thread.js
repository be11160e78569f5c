// Worker thread: inserts check-in rows into SQLite on its own connection, so the synchronous work of SQLite
// (index inserts, WAL writes) runs beside the request thread instead of blocking it. Plain JavaScript: workers
// do not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const columns = workerData.columns;
const insert = db.prepare(`insert into checkins (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
const alertColumns = workerData.alertColumns;
const insertAlert = db.prepare(`insert into webhook_deliveries (${alertColumns.join(', ')}) values (${alertColumns.map(() => '?').join(', ')})`);
const keyColumns = workerData.keyColumns;
const insertKey = db.prepare(`insert into checkin_keys (${keyColumns.join(', ')}) values (${keyColumns.map(() => '?').join(', ')})`);
// Statements sent as text (the rollup upserts, compiled on the request thread): prepared once per text.
const statements = new Map();
function statement(text) {
  let s = statements.get(text);
  if (!s) {
    if (statements.size >= 200) statements.clear();
    statements.set(text, (s = db.prepare(text)));
  }
  return s;
}
// A check-in, its idempotency key, the deliveries of its alerts and the rollups that count it commit together. The
// keys go first: a key another process has just committed fails the batch before any row is written.
const insertAll = db.transaction((rows, alerts, rollups, keys) => {
  for (const key of keys) insertKey.run(key);
  for (const row of rows) insert.run(row);
  for (const alert of alerts) insertAlert.run(alert);
  for (const q of rollups) statement(q.sql).run(q.parameters);
});

parentPort.on('message', ({ id, rows, alerts, rollups, keys }) => {
  try {
    insertAll.immediate(rows, alerts, rollups ?? [], keys ?? []);
    parentPort.postMessage({ id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, code: e.code, message: e.message });
  }
});
