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
// A check-in and the deliveries of its alerts commit together.
const insertAll = db.transaction((rows, alerts) => {
  for (const row of rows) insert.run(row);
  for (const alert of alerts) insertAlert.run(alert);
});

parentPort.on('message', ({ id, rows, alerts }) => {
  try {
    insertAll.immediate(rows, alerts);
    parentPort.postMessage({ id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, code: e.code, message: e.message });
  }
});
