// A shift at one site: people in and out, submissions, flagged ones, the officers' decisions, the busiest hour.
import type { Actor, Ctx } from '../../core/context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { findByCode } from '../sites/store.ts';
import { countDecisionsAt } from '../decisions/store.ts';
import { requireReader } from './read-service.ts';
import { countAtSite, hourlyAtSite } from './store.ts';

const HOUR = 3_600_000;
export const DEFAULT_SHIFT_HOURS = 12;
const MAX_SHIFT_DAYS = 31;

export interface ShiftSummary {
  site: { code: string; name: string; kind: string };
  from: string;
  to: string;
  in: number;
  out: number;
  people: number;
  submissions: number;
  flagged: number;
  decisions: { pass: number; hold: number; refer: number };
  busiestHour: { hour: string; count: number } | null;
  hours: Array<{ hour: string; count: number }>;
}

export async function shiftSummary(ctx: Ctx, actor: Actor, code: string, range: { from?: number; to?: number }): Promise<ShiftSummary> {
  requireReader(actor);
  const to = range.to ?? ctx.clock.now();
  const from = range.from ?? to - DEFAULT_SHIFT_HOURS * HOUR;
  if (from >= to) throw invalid('summary.bad_range', {}, 'from');
  if (to - from > MAX_SHIFT_DAYS * 24 * HOUR) throw invalid('summary.range_too_long', { days: MAX_SHIFT_DAYS }, 'from');
  const site = await findByCode(ctx.db, actor.scope, code.toUpperCase());
  if (!site) throw notFound('site.not_found', { code });
  const [counts, hourly, decided] = await Promise.all([countAtSite(ctx.db, site.id, from, to), hourlyAtSite(ctx.db, site.id, from, to), countDecisionsAt(ctx.db, site.id, from, to)]);
  const by = (direction: string) => counts.find((c) => c.direction === direction);
  const sum = (pick: (c: (typeof counts)[number]) => number) => counts.reduce((n, c) => n + Number(pick(c)), 0);
  const decisions = { pass: 0, hold: 0, refer: 0 };
  for (const d of decided) if (d.decision in decisions) decisions[d.decision as keyof typeof decisions] = Number(d.n);
  const hours = hourly.map((h) => ({ hour: new Date(Number(h.hour) * HOUR).toISOString(), count: Number(h.n) }));
  const busiest = hours.reduce<(typeof hours)[number] | null>((best, h) => (!best || h.count > best.count ? h : best), null);
  return {
    site: { code: site.code, name: site.name, kind: site.kind },
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    in: Number(by('in')?.people ?? 0),
    out: Number(by('out')?.people ?? 0),
    people: sum((c) => c.people),
    submissions: sum((c) => c.submissions),
    flagged: sum((c) => c.flagged),
    decisions,
    busiestHour: busiest,
    hours,
  };
}
