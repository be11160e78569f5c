// `tracegrid demo --checkins N`: weeks of synthetic check-ins at the demo's Hohhot sites, so the dashboard and the
// reports have trends to show and the benchmark has millions of rows. Every submission goes through the check-in
// writer (group commit, and whatever it keeps current with the rows, such as the rollups): the history is counted
// by the same code as live traffic. Rows are built as the check-in service builds them (sealed documents, blind
// indexes), in time order, with ids made for their own moment. Only synthetic people (history-people.ts).
import type { Ctx } from '../../core/context.ts';
import { ConfigError } from '../../core/errors.ts';
import { idSequence } from '../../core/ids.ts';
import { addDays, dayStartMs, localDay } from '../../core/local-day.ts';
import type { Database } from '../../db/database.ts';
import { placeKeys } from '../checkins/place-keys.ts';
import { ensureCheckinPartitions } from '../retention/partitions.ts';
import { SqliteInsertThread } from '../checkins/sqlite-insert-thread.ts';
import { CheckinWriter, type CheckinRow, type Submission } from '../checkins/writer.ts';
import { recordCheckinHits, watchEntriesFor, type WatchEntry } from '../lists/watch.ts';
import { indexCheckinBatch } from '../people/checkin-indexer.ts';
import { evaluateRisk, type RiskRules } from '../risk/rules.ts';
import { currentRiskRules } from '../risk/service.ts';
import { resolveSiteToken } from '../sites/service.ts';
import { HistoryPeople, pickOrigin, relationOf, type Household } from './history-people.ts';
import { hourShares, pastRiskAreas } from './history-rhythm.ts';
import { demoTrafficSites } from './service.ts';
import { HOME_AREAS } from './traffic.ts';
import { demoWatchedPeople, seeded } from './watched.ts';

export interface HistoryOptions {
  /** check-ins (people, companions included) to write */
  checkins: number;
  /** spread over the last `days` days, today included (default 28) */
  days?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface HistoryResult {
  checkins: number;
  submissions: number;
  /** submissions with a flag */
  flagged: number;
  watchHits: number;
  people: number;
  from: string;
  to: string;
  seconds: number;
  perSecond: number;
}

interface HistorySite {
  id: string;
  orgPath: string;
  kind: string;
  weight: number;
}

interface Watched {
  household: Household;
  entries: WatchEntry[];
  /** listed from: before that, their check-ins are no hits */
  from: number;
}

interface Arrival {
  site: HistorySite;
  household: Household;
  /** people in the submission: the household's first members */
  size: number;
  watched?: Watched;
}

const KIND_WEIGHT: Record<string, number> = { checkpoint: 6, community: 2, floating: 1 };
const PURPOSES = ['commute', 'commute', 'business', 'logistics', 'return_home', 'visit'];
/** Submissions handed to the writer at a time: it commits up to 400 in a transaction; a few batches stay queued. */
const CHUNK = 400;
const CHUNKS_IN_FLIGHT = 6;

/** A writer of its own for a CLI process (the server's lives in the check-in routes). */
export function openHistoryWriter(database: Database): CheckinWriter {
  return new CheckinWriter(database.db, database.dialect, database.sqliteFile ? new SqliteInsertThread(database.sqliteFile) : undefined);
}

/** The active sites of the demo's Hohhot subtree, with their org paths. */
async function historySites(ctx: Ctx): Promise<HistorySite[]> {
  const sites: HistorySite[] = [];
  for (const { token } of await demoTrafficSites(ctx)) {
    const { site, orgPath } = await resolveSiteToken(ctx, token);
    if (KIND_WEIGHT[site.kind]) sites.push({ id: site.id, orgPath, kind: site.kind, weight: KIND_WEIGHT[site.kind] });
  }
  if (!sites.length) throw new ConfigError('No registration sites in Hohhot (150100) to generate check-ins at: load the demo region first (tracegrid demo).');
  return sites;
}

/** The demo's watched people who are on a watched list now, as households of one. */
async function watchedHouseholds(ctx: Ctx, people: HistoryPeople): Promise<Watched[]> {
  const out: Watched[] = [];
  for (const p of demoWatchedPeople()) {
    const household = people.watchedHousehold(p);
    const entries = await watchEntriesFor(ctx, [household.members[0].idBidx]);
    if (entries.length) out.push({ household, entries, from: Math.max(...entries.map((e) => e.listedAt ?? e.createdAt)) });
  }
  return out;
}

export async function generateHistory(ctx: Ctx, writer: CheckinWriter, opts: HistoryOptions): Promise<HistoryResult> {
  const started = performance.now();
  const total = Math.max(0, Math.floor(opts.checkins));
  const days = Math.max(1, Math.floor(opts.days ?? 28));
  const rnd = seeded(opts.seed ?? 20261129);
  const int = (n: number) => Math.floor(rnd() * n);
  const now = ctx.clock.now();
  const to = localDay(now);
  const from = addDays(to, -(days - 1));

  const sites = await historySites(ctx);
  // Back-dated rows: their months are made first (PostgreSQL), instead of filling the default partition.
  await ensureCheckinPartitions(ctx, dayStartMs(from), now);
  const siteWeight = sites.reduce((s, x) => s + x.weight, 0);
  const communities = sites.filter((s) => s.kind === 'community');
  // About 40 check-ins per person in four weeks: commuters pass the same gates and checkpoints day after day. A
  // longer history has more people, not busier ones: a day looks the same whatever the span.
  const people = new HistoryPeople(ctx, int, Math.min(400_000, Math.max(100, Math.round(((total / 40) * 28) / days))), communities.length);
  await people.replaceListed(async (idBidxs) => new Set((await watchEntriesFor(ctx, idBidxs)).map((e) => e.idBidx)));
  const watched = await watchedHouseholds(ctx, people);
  const stored = await currentRiskRules(ctx);
  const rules: RiskRules = { feverThreshold: stored.feverThreshold, riskAreas: [...stored.riskAreas, ...pastRiskAreas(from, days)] };
  const nextId = idSequence();
  const counts = { written: 0, submissions: 0, flagged: 0, watchHits: 0 };

  const arrival = (hourStart: number, left: number): Arrival => {
    let r = rnd() * siteWeight;
    const site = sites.find((s) => (r -= s.weight) < 0) ?? sites[sites.length - 1];
    const w = watched.length && int(400) === 0 ? watched[int(watched.length)] : undefined;
    let household: Household;
    if (w && w.from <= hourStart) household = w.household;
    else if (site.kind === 'community' && people.byHome[communities.indexOf(site)].length) {
      const home = people.byHome[communities.indexOf(site)];
      household = people.households[home[int(home.length)]];
    } else if (site.kind === 'floating' && people.floating.length) household = people.households[people.floating[int(people.floating.length)]];
    else household = people.households[int(people.households.length)];
    // About one submission in five brings family members along.
    const companions = household.members.length > 1 && int(5) === 0 ? 1 + int(Math.min(3, household.members.length - 1)) : 0;
    return { site, household, size: Math.min(left, 1 + companions), watched: household === w?.household ? w : undefined };
  };

  const submission = ({ site, household: h, size, watched: w }: Arrival, at: number): Submission => {
    const checkpoint = site.kind === 'checkpoint';
    const withCar = checkpoint && !!h.car && int(2) === 0;
    const origin = site.kind === 'community' ? null : (h.floating?.origin ?? pickOrigin(int));
    const destination = checkpoint ? HOME_AREAS[int(HOME_AREAS.length)] : null;
    // About one in fifty at or above the fever threshold.
    const temperature = Math.round((int(50) === 0 ? rules.feverThreshold + int(16) / 10 : Math.min(36 + int(9) / 10, rules.feverThreshold - 0.1)) * 10) / 10;
    const risk = evaluateRisk({ temperature, symptoms: [], origin, destination, places14d: [] }, rules, at);
    const flags = w ? [...risk.flags, 'watch_list'] : risk.flags;
    const direction = site.kind === 'floating' ? 'in' : int(checkpoint ? 3 : 2) ? 'in' : 'out';
    const lang = int(10) < 8 ? 'zh' : int(2) ? 'mn' : null;
    const purpose = checkpoint ? PURPOSES[int(PURPOSES.length)] : null;
    const day = localDay(at);
    const groupId = nextId(at);
    const place = placeKeys(ctx.blindIndex, site, people.detailsFor(h, site.kind, day));
    const rows: CheckinRow[] = h.members.slice(0, size).map((m, i) => ({
      id: i === 0 ? groupId : nextId(at),
      groupId,
      siteId: site.id,
      orgPath: site.orgPath,
      kind: site.kind,
      direction,
      at,
      role: i === 0 ? 'self' : 'companion',
      relation: i === 0 ? null : relationOf(i),
      piiEnc: people.sealedFor(h, m, site.kind, withCar, day),
      idType: 'resident_id',
      idBidx: m.idBidx,
      phoneBidx: m.phoneBidx,
      plateBidx: withCar ? h.car!.plateBidx : null,
      plateType: withCar ? 'ordinary' : null,
      vehicleRole: withCar ? (i === 0 ? 'driver' : 'passenger') : null,
      temperature: i === 0 ? temperature : null,
      symptoms: null,
      origin,
      destination,
      places14d: null,
      purpose,
      flags: JSON.stringify(i === 0 ? flags : []),
      lang,
      enteredBy: null,
      dwellingBidx: place.dwellingBidx,
      buildingBidx: place.buildingBidx,
    }));
    counts.submissions++;
    if (flags.length) counts.flagged++;
    return { idemKey: `hist-${groupId.toLowerCase()}`, rows };
  };

  // Many submissions in flight: while the writer commits one batch, the next ones are built and queued.
  const inFlight: Promise<void>[] = [];
  let failure: unknown;
  const send = async (subs: Submission[], hits: Array<{ rows: CheckinRow[]; entries: WatchEntry[] }>) => {
    const done = Promise.all(subs.map((s) => writer.submit(s))).then(async () => {
      // As for live traffic: the hits are derived from the stored flag and recorded after the commit.
      for (const h of hits) counts.watchHits += await recordCheckinHits(ctx, h.rows, h.entries);
      counts.written += subs.reduce((n, s) => n + s.rows.length, 0);
      opts.onProgress?.(counts.written, total);
    });
    inFlight.push(done.catch((e: unknown) => void (failure ??= e)));
    if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
    if (failure) throw failure;
  };

  // The writer's worker thread does not keep a process alive (an idle server must be able to stop): a CLI process
  // waiting only for commits would exit early.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    let chunk: Submission[] = [];
    let hits: Array<{ rows: CheckinRow[]; entries: WatchEntry[] }> = [];
    for (const hour of hourShares(from, days, now, total, rnd)) {
      // First who comes in this hour (so their number is known), then their moments spread evenly through it.
      const arrivals: Arrival[] = [];
      for (let left = hour.checkins; left > 0; left -= arrivals[arrivals.length - 1].size) arrivals.push(arrival(hour.start, left));
      for (let j = 0; j < arrivals.length; j++) {
        const sub = submission(arrivals[j], hour.start + Math.floor(((j + rnd()) * hour.span) / arrivals.length));
        chunk.push(sub);
        if (arrivals[j].watched) hits.push({ rows: sub.rows, entries: arrivals[j].watched!.entries });
        if (chunk.length < CHUNK) continue;
        await send(chunk, hits);
        [chunk, hits] = [[], []];
      }
    }
    if (chunk.length) await send(chunk, hits);
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    clearInterval(keepAlive);
  }

  const seconds = (performance.now() - started) / 1000;
  const { written, ...rest } = counts;
  return {
    checkins: written, ...rest, people: people.households.reduce((n, h) => n + h.members.length, 0), from, to,
    seconds: Math.round(seconds * 10) / 10, perSecond: Math.round(written / Math.max(seconds, 0.001)),
  };
}

/**
 * Reads the new check-ins into the person master index now, as the server's background pass would on its next
 * start: millions of rows are better read here than behind the first requests of a server.
 */
export async function indexHistoryPeople(ctx: Ctx, onProgress?: (read: number) => void): Promise<{ read: number; created: number; seconds: number }> {
  const started = performance.now();
  const batch = 2000;
  let read = 0;
  let created = 0;
  for (;;) {
    const r = await indexCheckinBatch(ctx, { batch });
    read += r.read;
    created += r.created;
    onProgress?.(read);
    if (r.read < batch) break;
  }
  return { read, created, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
