// `tracegrid purge [--dry-run]`: removes the check-ins and health records past their retention now, as the
// operator of the machine (audited), or with --dry-run only says what would go. Waits for nothing: when the
// schedule or another purge is running, it says so and exits non-zero.
import { ConfigError } from '../core/errors.ts';
import { runExclusive } from '../core/job-lock.ts';
import { purgeExpired, type PurgeResult } from '../modules/retention/purge.ts';
import { operatorActor, withRuntime } from './runtime.ts';

function describe(r: PurgeResult): string {
  const verb = r.dryRun ? 'Would remove' : 'Removed';
  const lines = [`${verb} check-ins (kept from):`];
  for (const [kind, n] of Object.entries(r.checkins)) {
    const from = (r.cutoffs.checkins as Record<string, string>)[kind];
    lines.push(`  ${kind.padEnd(11)} ${String(n).padStart(9)}${from ? `  (${from})` : ''}`);
  }
  const t = r.tables;
  lines.push(`${verb} ${t.checkinKeys} idempotency keys, ${t.decisions} decisions, ${t.watchHits} watch-list hits.`);
  lines.push(`${verb} ${t.observations} observations ended before ${r.cutoffs.healthRecords} and ${t.temperatureReports} temperature reports.`);
  if (r.partitions.length) lines.push(`${r.dryRun ? 'Would drop' : 'Dropped'} ${r.partitions.length} partitions: ${r.partitions.join(', ')}`);
  if (r.dryRun) lines.push('Dry run: nothing was changed.');
  return lines.join('\n') + '\n';
}

export async function purgeCommand(opts: { dryRun?: boolean; json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    // The same lock as the daily schedule: never two purges at once.
    const run = await runExclusive(ctx, 'retention.purge', () => purgeExpired(ctx, operatorActor(), { dryRun: !!opts.dryRun }));
    if (!run.ran) throw new ConfigError('A purge is running already (the daily schedule or another tracegrid purge); try again when it has finished.');
    process.stdout.write(opts.json ? JSON.stringify(run.value) + '\n' : describe(run.value));
  });
}
