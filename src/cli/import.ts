// `tracegrid import FILE --list NAME` (or `--households FILE`): imports a list file into a list, or a household
// file into the grids, on this machine in-process, with a progress bar (rows per second), and with --json one JSON
// object of counts at the end.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { ConfigError, DomainError } from '../core/errors.ts';
import { formatMessage } from '../core/messages.ts';
import { runImport } from '../modules/imports/engine.ts';
import { missingFields, recognizeHeaders, type ColumnMap } from '../modules/imports/fields.ts';
import { missingHouseholdFields, recognizeHouseholdHeaders } from '../modules/imports/household-row.ts';
import { formatOf } from '../modules/imports/readers.ts';
import { createFileImport, headersOf, mappingByName, refusalsCsv } from '../modules/imports/service.ts';
import { checkListKind, createList, findListByName } from '../modules/lists/service.ts';
import type { ImportView } from '../modules/imports/view.ts';
import { progressBar } from './progress.ts';
import { cliLocale, operatorActor, withRuntime } from './runtime.ts';

export interface ImportCliOptions {
  list?: string;
  households?: boolean;
  mapping?: string;
  create?: string;
  org?: string;
  refusals?: string;
  json?: boolean;
}

const summary = (v: ImportView) => ({
  importId: v.id, status: v.status, ...(v.target === 'households' ? { target: v.target } : { list: v.listName }), read: v.read, imported: v.imported, unchanged: v.unchanged,
  refused: v.refused, personsCreated: v.personsCreated,
  ...(v.target === 'households' ? { addressesCreated: v.addressesCreated } : { candidates: v.candidates, checkinsLinked: v.checkinsLinked }), ...(v.error && { error: v.error }),
});

function summaryLine(v: ImportView, refusals: string | undefined): string {
  const head = `${v.status === 'done' ? 'Imported' : 'Import failed:'} ${v.fileName}`;
  const refused = refusals && v.refused ? `; refused rows in ${refusals}` : '';
  if (v.target === 'households') {
    return `${head} into the grids: ${v.read} read, ${v.imported} imported, ${v.unchanged} unchanged, ${v.refused} refused; ${v.addressesCreated} new addresses, ${v.personsCreated} new persons${refused}\n`;
  }
  return (
    `${head} into "${v.listName}": ${v.read} read, ${v.imported} imported, ${v.unchanged} unchanged, ${v.refused} refused; ${v.personsCreated} new persons, ` +
    `${v.candidates} merge candidates, ${v.checkinsLinked} check-ins linked${refused}\n`
  );
}

export async function importCommand(file: string, opts: ImportCliOptions): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const actor = operatorActor();
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new ConfigError(`No such file: ${file}`);
    const format = formatOf(file);
    if (!format) throw new ConfigError(`Cannot import ${path.basename(file)}: give a .csv or .xlsx file.`);
    if (opts.households && (opts.list || opts.create)) throw new ConfigError('--households imports into the grids named in the file: give no --list or --create.');
    if (!opts.households && !opts.list) throw new ConfigError('Give --list NAME (the list to import into), or --households for a household file.');
    if (opts.create && !opts.org) throw new ConfigError('--create needs --org CODE: the org unit the new list belongs to.');
    if (opts.create) checkListKind(opts.create);

    let columns: ColumnMap;
    if (opts.mapping) columns = await mappingByName(ctx, opts.mapping);
    else {
      const headers = await headersOf(file, format);
      columns = opts.households ? (recognizeHouseholdHeaders(headers) as ColumnMap) : recognizeHeaders(headers);
      const missing: string[] = opts.households ? missingHouseholdFields(columns) : missingFields(columns);
      if (missing.length) {
        const code = opts.households ? 'import.households.headers_not_recognized' : 'import.headers_not_recognized';
        throw new DomainError(code, 'invalid', { missing: missing.join(', '), headers: headers.map((h) => `"${h}"`).join(', ') });
      }
    }

    if (opts.list) {
      try {
        await findListByName(ctx, actor, opts.list);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'list.not_found') || !opts.create) throw e;
        await createList(ctx, actor, { name: opts.list, kind: opts.create, orgCode: opts.org! });
      }
    }

    const id = await createFileImport(ctx, actor, { file, list: opts.list, target: opts.households ? 'households' : 'list', columns });
    const bar = progressBar(`Importing ${path.basename(file)}`, 0);
    // The total is not known before the end: estimated from the bytes read so far.
    const view = await runImport(ctx, id, {
      actor,
      onProgress: (p) => bar.update(p.read, p.bytesDone > 0 && p.status === 'running' ? Math.max(p.read, Math.round((p.read * p.bytesTotal) / p.bytesDone)) : p.read),
    });
    bar.finish();

    if (opts.refusals) {
      const out = fs.createWriteStream(opts.refusals);
      for await (const chunk of await refusalsCsv(ctx, actor, id, cliLocale())) if (!out.write(chunk)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    }
    if (opts.json) process.stdout.write(JSON.stringify(summary(view)) + '\n');
    else process.stdout.write(summaryLine(view, opts.refusals));
    if (view.status !== 'done') {
      process.stderr.write(`tracegrid: ${formatMessage(cliLocale(), view.error ?? 'internal')}\n`);
      return 1;
    }
    return 0;
  });
}
