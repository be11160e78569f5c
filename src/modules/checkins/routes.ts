// Check-in HTTP: the public registration endpoint, and the staff list and reveal.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { isKnownDivision } from '../divisions/service.ts';
import { resolveSiteToken } from '../sites/service.ts';
import { listCheckins, revealCheckin } from './read-service.ts';
import { CheckinAck, CheckinBody, CheckinItem } from './schema.ts';
import { registerCheckin, type IngestDeps, type IngestSite } from './service.ts';
import { ResolvedSiteCache } from './site-cache.ts';
import { SqliteInsertThread } from './sqlite-insert-thread.ts';
import { CheckinWriter } from './writer.ts';
import type { AlertOutbox } from '../notifications/outbox.ts';


const ListQuery = Type.Object(
  {
    site: Type.Optional(Type.String({ maxLength: 16 })),
    group: Type.Optional(Type.String({ maxLength: 32, description: 'one submission (its id, as alert links carry it): the person and their companions' })),
    kind: Type.Optional(Type.Union(['checkpoint', 'community', 'floating', 'station'].map((k) => Type.Literal(k)))),
    flagged: Type.Optional(Type.Boolean()),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    before: Type.Optional(Type.String({ maxLength: 32 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const checkinRoutes: FastifyPluginAsyncTypebox<{ alerts?: AlertOutbox }> = async (app, { alerts }) => {
  const tags = ['checkins'];
  const { sqliteFile } = app.database;
  const writer = new CheckinWriter(app.database.db, app.database.dialect, sqliteFile ? new SqliteInsertThread(sqliteFile) : undefined);
  app.addHook('onClose', () => writer.close());
  // per site, over all instances: one poster photographed and scripted cannot flood a site's feed
  const perSite = app.ctx.config.checkinLimits.perSite;
  const sites = new ResolvedSiteCache();
  const deps: IngestDeps = {
    writer,
    isKnownDivision,
    emit: (event) => app.ctx.events.emit('checkin', event),
    alerts: alerts && { forCheckin: (ctx, site, event) => alerts.forCheckin(ctx, site, event), queued: () => alerts.queued() },
    async resolveSite(ctx: Ctx, token: string): Promise<IngestSite> {
      let site = sites.get(token, ctx.clock.now());
      if (!site) {
        const resolved = await resolveSiteToken(ctx, token);
        site = { id: resolved.site.id, code: resolved.site.code, name: resolved.site.name, kind: resolved.site.kind, orgPath: resolved.orgPath, orgName: resolved.site.orgUnit.name };
        sites.set(token, site, ctx.clock.now());
      }
      const hit = app.rateCounter.hit(`site:${site.code}`, 60_000);
      if (hit.current > perSite) throw new DomainError('request.rate_limited', 'rate_limited', { retryAfter: Math.ceil(hit.ttl / 1000) });
      return site;
    },
  };

  app.post(
    '/checkins',
    {
      config: { public: true, onBehalf: true, rateLimit: { max: app.ctx.config.checkinLimits.perAddress, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Register at a site (public, from its QR). Answers after the check-in is durably stored; a resent key answers with the same id. Sent with a staff session (and its CSRF token) it is an assisted registration, marked as entered by that user.',
        body: CheckinBody,
        response: { 201: CheckinAck, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (request, reply) => {
      const ack = await registerCheckin(app.ctx, deps, request.body, { enteredBy: request.principal ?? undefined });
      return reply.status(201).send({ id: ack.id, pass: ack.pass, flags: ack.flags });
    },
  );

  app.get(
    '/checkins',
    { schema: { tags, summary: 'Check-ins in your scope, newest first, masked', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(CheckinItem), nextBefore: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 403) } } },
    async (request) => {
      const q = request.query;
      return listCheckins(app.ctx, principalOf(request), {
        siteCode: q.site,
        groupId: q.group,
        kind: q.kind,
        flagged: q.flagged,
        from: q.from ? Date.parse(q.from) : undefined,
        to: q.to ? Date.parse(q.to) : undefined,
        before: q.before,
        limit: q.limit,
      });
    },
  );

  app.post(
    '/checkins/:id/reveal',
    {
      schema: {
        tags,
        summary: 'One check-in in clear, with its details: needs a purpose, always audited',
        params: IdParams,
        body: Type.Object({ purpose: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Intersect([CheckinItem, Type.Object({ details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]) })]), ...errors(400, 403, 404) },
      },
    },
    async (request) => revealCheckin(app.ctx, principalOf(request), request.params.id, request.body.purpose),
  );
};
