// Server-Sent Events: check-ins and their flags, live, to every connected staff member whose scope holds the site.
// A reconnecting client sends Last-Event-ID (a check-in id; ids are time-ordered) and first gets what it missed.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CheckinEvent } from '../../core/events.ts';
import { pathInScope } from '../../core/scope.ts';
import { principalOf } from '../../http/auth.ts';
import { errors } from '../../http/schemas.ts';
import { checkinEventsAfter, requireReader } from '../checkins/read-service.ts';

const REPLAY_LIMIT = 500;
const HEARTBEAT_MS = 15_000;

/** What a feed shows of a check-in: no site ids or org paths, the person masked. */
function frame(e: CheckinEvent): string {
  const data = { id: e.id, site: e.site, kind: e.kind, direction: e.direction, at: new Date(e.at).toISOString(), flags: e.flags, people: e.people, person: e.person };
  return `id: ${e.id}\nevent: checkin\ndata: ${JSON.stringify(data)}\n\n`;
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
        summary: 'Live check-ins in your scope (text/event-stream); send Last-Event-ID to resume',
        querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false }),
        response: { 200: Type.String({ description: 'text/event-stream: `event: checkin` with JSON data {id, site, kind, direction, at, flags, people, person}' }), ...errors(403) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      requireReader(actor);
      const resumeFrom = (request.headers['last-event-id'] as string | undefined) ?? request.query.lastEventId;
      // Live events that arrive while the missed ones are read are held, then sent after them without repeats.
      let held: CheckinEvent[] | null = [];
      let lastSent = resumeFrom ?? '';
      const raw = reply.raw;
      const send = (e: CheckinEvent) => {
        if (!pathInScope(actor.scope, e.orgPath) || e.id <= lastSent) return;
        lastSent = e.id;
        raw.write(frame(e));
      };
      const onEvent = (e: CheckinEvent) => (held ? held.push(e) : send(e));
      app.ctx.events.on('checkin', onEvent);
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
      const end = () => {
        clearInterval(heartbeat);
        app.ctx.events.off('checkin', onEvent);
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
      try {
        if (resumeFrom) for (const e of await checkinEventsAfter(app.ctx, actor, resumeFrom, REPLAY_LIMIT)) send(e);
      } finally {
        const waiting = held;
        held = null;
        waiting.forEach(send);
      }
    },
  );
};
