// `tracegrid export checkins|list_entries ...`: a filtered set to a CSV or XLSX file, as the operator of the machine.
// Masked unless --reveal gives a --purpose; audited like an export from the console. The file is written under a
// temporary name and renamed at the end, so a file with the asked name is always complete.
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ConfigError } from '../core/errors.ts';
import { prepareExport, type ExportFilter, type ExportKind } from '../modules/exports/service.ts';
import type { ExportFormat } from '../modules/exports/sheet.ts';
import { progressBar } from './progress.ts';
import { cliLocale, operatorActor, withRuntime } from './runtime.ts';

export interface ExportOptions {
  format: ExportFormat;
  output: string;
  org?: string;
  site?: string;
  list?: string;
  from?: string;
  to?: string;
  flagged?: boolean;
  reveal?: boolean;
  purpose?: string;
  json?: boolean;
}

function filterOf(kind: ExportKind, o: ExportOptions): ExportFilter {
  const wrong = kind === 'checkins' ? (o.list !== undefined ? '--list' : null) : (['org', 'site', 'flagged'] as const).map((k) => (o[k] !== undefined ? `--${k}` : null)).find(Boolean);
  if (wrong) throw new ConfigError(`${wrong} does not apply to an export of ${kind}.`);
  if (kind === 'list_entries' && !o.list) throw new ConfigError('An export of list_entries needs --list NAME.');
  const common = { from: o.from, to: o.to };
  return kind === 'checkins' ? { orgCode: o.org, siteCode: o.site, flagged: o.flagged || undefined, ...common } : { list: o.list, ...common };
}

export async function exportCommand(kind: ExportKind, opts: ExportOptions): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    if (opts.reveal && !opts.purpose?.trim()) throw new ConfigError('--reveal needs --purpose TEXT: why the values are needed in clear (it is written to the audit log).');
    if (opts.purpose !== undefined && !opts.reveal) throw new ConfigError('--purpose goes with --reveal; without it the export is masked.');
    const out = path.resolve(opts.output);
    if (!fs.existsSync(path.dirname(out))) throw new ConfigError(`The folder of ${out} does not exist.`);
    const filter = filterOf(kind, opts);
    const prepared = await prepareExport(ctx, operatorActor(), { kind, format: opts.format, filter, reveal: opts.reveal ? { purpose: opts.purpose! } : undefined }, cliLocale());
    const part = `${out}.part`;
    const file = fs.createWriteStream(part);
    const bar = progressBar(`export ${kind}`, prepared.rows);
    let rows: number;
    try {
      rows = await prepared.write(file, (done, total) => bar.update(done, total));
      await finished(file);
      fs.renameSync(part, out);
    } catch (e) {
      file.destroy();
      fs.rmSync(part, { force: true });
      throw e;
    }
    bar.finish();
    const bytes = fs.statSync(out).size;
    if (opts.json) {
      process.stdout.write(JSON.stringify({ kind, format: opts.format, file: out, rows, bytes, revealed: prepared.revealed }) + '\n');
    } else {
      process.stdout.write(`Wrote ${rows} row(s) ${prepared.revealed ? 'in clear' : 'masked'} to ${out} (${Math.max(1, Math.round(bytes / 1024))} KB)\n`);
    }
  });
}
