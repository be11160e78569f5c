// `tracegrid trace --id ID_NUMBER`: the contacts of a case, as the operator of the machine (whole region). Audited
// like the console action (trace.run with a purpose); `--reveal --purpose` adds ID numbers in clear (a second,
// audited reveal); `--accept` lists them as close contacts and creates the grids' follow-up tasks.
import { ConfigError } from '../core/errors.ts';
import { acceptTrace } from '../modules/tracing/accept.ts';
import { revealTrace, runTrace } from '../modules/tracing/service.ts';
import type { Contact, TraceView } from '../modules/tracing/types.ts';
import { operatorActor, withRuntime } from './runtime.ts';

export interface TraceOptions {
  id: string;
  from?: string;
  to?: string;
  depth?: string;
  tolerance?: string;
  category?: string;
  json?: boolean;
  reveal?: boolean;
  purpose?: string;
  accept?: boolean;
}

const int = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new ConfigError(`--${name} takes a whole number, not "${v}".`);
  return Number(v);
};

/** What the JSON carries of a contact: degree, score, evidence (site, times, how), the person masked. */
function contactJson(c: Contact) {
  return {
    degree: c.degree, score: c.score, kinds: c.kinds, person: c.person, ...(c.idNumber !== undefined && { idNumber: c.idNumber }),
    orgUnit: c.orgUnit, routedTo: c.routedTo, categories: c.categories, firstAt: c.firstAt, lastAt: c.lastAt,
    evidence: c.evidence.map((e) => ({ site: e.site, times: e.times, how: e.how, minutes: e.minutes, weight: e.weight, from: e.from })),
  };
}

function printTable(view: TraceView): void {
  const out = process.stdout;
  out.write(`Case ${view.case.person.name ?? ''} ${view.case.person.idNumber ?? ''} (${view.case.category ?? 'no category'}), ${view.window.from} to ${view.window.to}, depth ${view.depth}\n`);
  out.write(`${view.counts.contacts} contact(s): ${Object.entries(view.counts.byDegree).map(([d, n]) => `${n} of degree ${d}`).join(', ') || 'none'}\n`);
  for (const c of view.contacts) {
    const who = c.person ? `${c.person.name ?? ''} ${c.idNumber ?? c.person.idNumber ?? ''}` : `-> ${c.routedTo?.name ?? ''}`;
    out.write(`  ${String(c.score).padStart(5)}  d${c.degree}  ${who.padEnd(28)} ${c.kinds.join(', ')}\n`);
  }
  out.write(`Trace ${view.id} (draft): tracegrid trace --id ... --accept, or accept it in the console.\n`);
}

export async function traceCommand(opts: TraceOptions): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    if (opts.reveal && !opts.purpose) throw new ConfigError('--reveal needs --purpose TEXT: why the ID numbers are shown in clear (audited).');
    const actor = operatorActor();
    const purpose = opts.purpose ?? 'contact tracing from the command line';
    let view = await runTrace(ctx, actor, {
      idNumber: opts.id, from: opts.from, to: opts.to, depth: int(opts.depth, 'depth'), toleranceMinutes: int(opts.tolerance, 'tolerance'), category: opts.category, purpose,
    });
    if (opts.reveal) view = await revealTrace(ctx, actor, view.id, purpose);
    const accepted = opts.accept ? await acceptTrace(ctx, actor, view.id) : null;
    if (opts.json) {
      process.stdout.write(JSON.stringify({ id: view.id, case: view.case, window: view.window, depth: view.depth, counts: view.counts, contacts: view.contacts.map(contactJson), clusters: view.clusters, ...(accepted && { accepted }) }) + '\n');
      return;
    }
    printTable(view);
    if (accepted) process.stdout.write(`Accepted: ${accepted.listed} listed as close contacts, ${accepted.tasks} follow-up task(s), ${accepted.routed} routed to other units.\n`);
  });
}
