// Carries events between instances on one PostgreSQL: each instance NOTIFYs what happened on it and LISTENs
// for the others'. Payloads are the masked events themselves (well under NOTIFY's 8000-byte limit).
import crypto from 'node:crypto';
import pg from 'pg';
import type { Db } from './database.ts';
import { sql } from 'kysely';
import type { EventBus, EventMap, EventName } from '../core/events.ts';

const CHANNEL = 'tracegrid_events';
const NAMES: EventName[] = ['checkin', 'decision'];
const RETRY_MS = 1000;

export interface EventBridge {
  stop(): Promise<void>;
}

export async function startPgEventBridge(url: string, db: Db, bus: EventBus, log: { warn(msg: string): void }): Promise<EventBridge> {
  const instance = crypto.randomBytes(6).toString('hex');
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  // Reconnects every second until it listens again: the connection ends (PostgreSQL restarted) or a try fails (still
  // down). One retry pending at a time, whichever of the two noticed first. Events of the other instances in between
  // are not seen here: a feed that reconnects gets them from Last-Event-ID, one that stayed connected misses them.
  const again = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen().catch(again);
    }, RETRY_MS);
  };

  const listen = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => {}); // reported through 'end'
    c.on('notification', (msg) => {
      if (!msg.payload) return;
      const { from, name, event } = JSON.parse(msg.payload) as { from: string; name: EventName; event: EventMap[EventName][0] };
      if (from === instance || !NAMES.includes(name)) return;
      // Each name is emitted with its own event type.
      (bus.emit as (n: EventName, e: EventMap[EventName][0]) => boolean)(name, { ...event, relayed: true });
    });
    c.on('end', () => {
      if (client === c) client = null;
      again();
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      client = c;
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
  };

  const relay = (name: EventName) => (event: EventMap[EventName][0]) => {
    if (event.relayed) return;
    sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ from: instance, name, event })})`.execute(db).catch((e: Error) => log.warn(`event not relayed to other instances: ${e.message}`));
  };
  const relays = NAMES.map((name) => [name, relay(name)] as const);
  for (const [name, fn] of relays) bus.on(name, fn);
  try {
    await listen();
  } catch (e) {
    stopped = true;
    clearTimeout(retry);
    for (const [name, fn] of relays) bus.off(name, fn);
    throw e;
  }
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      for (const [name, fn] of relays) bus.off(name, fn);
      await client?.end().catch(() => {});
    },
  };
}
