// Server-Sent Events: check-ins and their flags, live, to every connected staff member whose scope holds the site.
// A reconnecting client sends Last-Event-ID (a check-in id; ids are time-ordered) and first gets what it missed.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CheckinEvent, DecisionEvent } from '../../core/events.ts';
import { pathInScope } from '../../core/scope.ts';
import { principalOf } from '../../http/auth.ts';
import { errors } from '../../http/schemas.ts';
import { checkinEventsAfter, requireReader } from '../checkins/read-service.ts';
import { decisionEventsAfter } from '../decisions/service.ts';

const REPLAY_LIMIT = 500;
const HEARTBEAT_MS = 15_000;

type LiveEvent = { name: 'checkin'; e: CheckinEvent } | { name: 'decision'; e: DecisionEvent };

const frames = new WeakMap<object, string>();
// A client this far behind is cut off: it reconnects with Last-Event-ID and reads what it missed from the database.
const MAX_BUFFERED_BYTES = 1 << 20;

/** One event is serialised once, whatever the number of feeds it goes to. */
function frameOnce(ev: LiveEvent): string {
  let f = frames.get(ev.e);
  if (f === undefined) frames.set(ev.e, (f = frame(ev)));
  return f;
}

/** What a feed shows: no site ids or org paths, the person masked. Ids of both kinds are time-ordered ULIDs. */
function frame(ev: LiveEvent): string {
  const at = new Date(ev.e.at).toISOString();
  const data =
    ev.name === 'checkin'
      ? { id: ev.e.id, site: ev.e.site, kind: ev.e.kind, direction: ev.e.direction, at, flags: ev.e.flags, people: ev.e.people, person: ev.e.person }
      : { id: ev.e.id, checkinId: ev.e.checkinId, site: ev.e.site, decision: ev.e.decision, at, by: ev.e.by };
  return `id: ${ev.e.id}\nevent: ${ev.name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<() => void>();
  // Streams never end on their own: end them on shutdown so close() does not wait for them.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/stream',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['live'],
        summary: "Live check-ins and officers' decisions in your scope (text/event-stream); send Last-Event-ID to resume",
        querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false }),
        response: {
          200: Type.String({ description: 'text/event-stream: `event: checkin` with JSON data {id, site, kind, direction, at, flags, people, person}; `event: decision` with {id, checkinId, site, decision, at, by}' }),
          ...errors(403),
        },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      requireReader(actor);
      const resumeFrom = (request.headers['last-event-id'] as string | undefined) ?? request.query.lastEventId;
      // Live events that arrive while the missed ones are read are held, then sent after them without repeats.
      let held: LiveEvent[] | null = [];
      const replayed = new Set<string>();
      const raw = reply.raw;
      // A group commit emits its check-ins together: they leave in one write per feed, on the next turn.
      let out: string[] = [];
      const flush = () => {
        const chunk = out.join('');
        out = [];
        if (raw.writableEnded) return;
        if (raw.writableLength > MAX_BUFFERED_BYTES) end();
        else raw.write(chunk);
      };
      const send = (ev: LiveEvent) => {
        if (!pathInScope(actor.scope, ev.e.orgPath) || replayed.has(ev.e.id)) return;
        if (out.push(frameOnce(ev)) === 1) setImmediate(flush);
      };
      const onCheckin = (e: CheckinEvent) => (held ? held.push({ name: 'checkin', e }) : send({ name: 'checkin', e }));
      const onDecision = (e: DecisionEvent) => (held ? held.push({ name: 'decision', e }) : send({ name: 'decision', e }));
      app.ctx.events.on('checkin', onCheckin);
      app.ctx.events.on('decision', onDecision);
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      raw.write(': connected\n\n');
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      function end() {
        clearInterval(heartbeat);
        app.ctx.events.off('checkin', onCheckin);
        app.ctx.events.off('decision', onDecision);
        open.delete(end);
        raw.end();
      }
      open.add(end);
      request.raw.on('close', end);
      try {
        if (resumeFrom) {
          const [checkins, decisions] = await Promise.all([checkinEventsAfter(app.ctx, actor, resumeFrom, REPLAY_LIMIT), decisionEventsAfter(app.ctx, actor, resumeFrom, REPLAY_LIMIT)]);
          const missed: LiveEvent[] = [...checkins.map((e) => ({ name: 'checkin' as const, e })), ...decisions.map((e) => ({ name: 'decision' as const, e }))];
          for (const ev of missed.sort((a, b) => (a.e.id < b.e.id ? -1 : 1))) {
            send(ev);
            replayed.add(ev.e.id);
          }
        }
      } finally {
        const waiting = held;
        held = null;
        waiting.forEach(send);
      }
    },
  );
};
