// `tracegrid person report --id ID_NUMBER`: everything held about one person, for a subject's access request, as
// the operator of the machine. Audited like the console action; printed as JSON or written to a file.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { personReport } from '../modules/people/report.ts';
import { operatorActor, withRuntime } from './runtime.ts';

export async function personReportCommand(opts: { id: string; purpose?: string; output?: string }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const out = opts.output ? path.resolve(opts.output) : null;
    if (out && !fs.existsSync(path.dirname(out))) throw new ConfigError(`The folder of ${out} does not exist.`);
    const report = await personReport(ctx, operatorActor(), { idNumber: opts.id, purpose: opts.purpose ?? "subject's access request" });
    const text = JSON.stringify(report, null, 2) + '\n';
    if (!out) return void process.stdout.write(text);
    // Only the owner may read the file: it holds personal data in clear.
    fs.writeFileSync(out, text, { mode: 0o600 });
    process.stdout.write(`Wrote the report (${report.checkins.length} check-in(s), ${report.listEntries.length} list entr(ies)) to ${out}\n`);
  });
}
