// The import benchmark's baseline: the same file, the same streaming parser and the same batch size, inserted as
// it is into a plain table of the same database — no validation, no encryption, no person index, no matching.
// Prints one JSON line: { rows, seconds }.
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { Database } from '../src/db/database.ts';

const file = process.argv[2];
const BATCH = 1000;
const database = Database.open(loadConfig().database);
const db = database.db;
await sql`create table if not exists bench_baseline (row_no integer, name text, id_number text, phone text, origin text, arrival text, note text)`.execute(db);
const started = performance.now();
let rows = 0;
let batch: unknown[][] = [];
const flush = async () => {
  const values = batch;
  batch = [];
  if (!values.length) return;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < values.length; i += 100) {
      const part = values.slice(i, i + 100);
      await sql`insert into bench_baseline values ${sql.join(part.map((v) => sql`(${sql.join(v)})`))}`.execute(tx);
    }
  });
};
for await (const rec of fs.createReadStream(file).pipe(parse({ bom: true, from_line: 2, relax_column_count: true }))) {
  const r = rec as string[];
  batch.push([++rows, r[0] ?? null, r[1] ?? null, r[2] ?? null, r[3] ?? null, r[4] ?? null, r[5] ?? null]);
  if (batch.length >= BATCH) await flush();
}
await flush();
const seconds = (performance.now() - started) / 1000;
await database.close();
process.stdout.write(JSON.stringify({ rows, seconds }) + '\n');
