// Carries events between instances on one PostgreSQL: each instance NOTIFYs what happened on it and LISTENs
// for the others'. Payloads are the masked events themselves (well under NOTIFY's 8000-byte limit).
import crypto from 'node:crypto';
import pg from 'pg';
import type { Db } from './database.ts';
import { sql } from 'kysely';
import type { CheckinEvent, EventBus } from '../core/events.ts';

const CHANNEL = 'tracegrid_events';

export interface EventBridge {
  stop(): Promise<void>;
}

export async function startPgEventBridge(url: string, db: Db, bus: EventBus, log: { warn(msg: string): void }): Promise<EventBridge> {
  const instance = crypto.randomBytes(6).toString('hex');
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const listen = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => {}); // reported through 'end'
    c.on('notification', (msg) => {
      if (!msg.payload) return;
      const { from, event } = JSON.parse(msg.payload) as { from: string; event: CheckinEvent };
      if (from !== instance) bus.emit('checkin', { ...event, relayed: true });
    });
    c.on('end', () => {
      if (client === c) client = null;
      if (!stopped) retry = setTimeout(() => void listen().catch(() => {}), 2000);
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
  };

  const onEvent = (event: CheckinEvent) => {
    if (event.relayed) return;
    sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ from: instance, event })})`.execute(db).catch((e: Error) => log.warn(`event not relayed to other instances: ${e.message}`));
  };
  bus.on('checkin', onEvent);
  await listen();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      bus.off('checkin', onEvent);
      await client?.end().catch(() => {});
    },
  };
}
