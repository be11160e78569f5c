// `tracegrid report analysis|weekly --org CODE [--from DAY] --to DAY -o FILE [--lang zh|en]`: the analysis report
// or the weekly dispatch of an org unit, as the operator of the machine (audited like one made in the console).
// The file's extension says what to write: .pdf the PDF, .xlsx the spreadsheet; any other name gets both, as
// FILE.pdf and FILE.xlsx. Files are written under a temporary name and renamed, so a file with the asked name is
// always complete.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { BUILD_STEPS, buildReport, type ReportQuery } from '../modules/reports/build.ts';
import { progressBar } from './progress.ts';
import { operatorActor, withRuntime } from './runtime.ts';

export interface ReportOptions {
  org: string;
  from?: string;
  to: string;
  output: string;
  lang?: string;
  json?: boolean;
}

/** The files a -o value asks for. */
export function reportOutputs(output: string): { pdf?: string; xlsx?: string } {
  const out = path.resolve(output);
  const ext = path.extname(out).toLowerCase();
  if (ext === '.pdf') return { pdf: out };
  if (ext === '.xlsx') return { xlsx: out };
  return { pdf: `${out}.pdf`, xlsx: `${out}.xlsx` };
}

function writeWhole(file: string, data: Buffer): void {
  const part = `${file}.part`;
  try {
    fs.writeFileSync(part, data);
    fs.renameSync(part, file);
  } catch (e) {
    fs.rmSync(part, { force: true });
    throw e;
  }
}

export async function reportCommand(kind: ReportQuery['kind'], opts: ReportOptions): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const lang = opts.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new ConfigError(`--lang must be zh or en, not ${lang}.`);
    const files = reportOutputs(opts.output);
    for (const f of [files.pdf, files.xlsx]) {
      if (f && !fs.existsSync(path.dirname(f))) throw new ConfigError(`The folder of ${f} does not exist.`);
    }
    const bar = progressBar(`report ${kind}`, BUILD_STEPS.length);
    const built = await buildReport(ctx, operatorActor(), { kind, org: opts.org, from: opts.from, to: opts.to, lang }, { onProgress: (_step, done, total) => bar.update(done, total) });
    bar.finish();
    const written: Array<{ format: 'pdf' | 'xlsx'; file: string; bytes: number }> = [];
    if (files.pdf) {
      writeWhole(files.pdf, built.pdf);
      written.push({ format: 'pdf', file: files.pdf, bytes: built.pdf.length });
    }
    if (files.xlsx) {
      writeWhole(files.xlsx, built.xlsx);
      written.push({ format: 'xlsx', file: files.xlsx, bytes: built.xlsx.length });
    }
    if (opts.json) {
      process.stdout.write(JSON.stringify({ kind, title: built.title, files: written }) + '\n');
    } else {
      for (const w of written) process.stdout.write(`Wrote ${built.title} (${w.format.toUpperCase()}, ${Math.max(1, Math.round(w.bytes / 1024))} KB) to ${w.file}\n`);
    }
  });
}
