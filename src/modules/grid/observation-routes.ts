// HTTP of home observations: staff start, read and re-link them (observationRoutes, /api/v1/grid/observations...);
// the person reports through their link without an account (publicObservationRoutes, /api/v1/public/observation,
// rate-limited per address like the public registration).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { publicObservationStatus, selfReport } from './observation-report.ts';
import { LinkResult, ObservationList, ObservationSchema, PersonQuery, PublicStatusSchema, ReportAck, ReportBody, Started, StartBody, TokenHeaders } from './observation-schema.ts';
import { getObservation, observationsOfPerson, rotateObservationLink, startObservation } from './observation-service.ts';

export const observationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['grid'];

  app.post(
    '/grid/observations',
    {
      schema: {
        tags,
        summary: 'Start a home observation (admin, commander, analyst; or a post holder of the person\'s grid): a home_observation task for the grid and the personal link for the person; audited',
        body: StartBody,
        response: { 201: Started, ...errors(400, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await startObservation(app.ctx, principalOf(request), request.body)),
  );

  app.get(
    '/grid/observations',
    { schema: { tags, summary: 'A person\'s observations in your scope, newest first (the person page: the running one and its reports)', querystring: PersonQuery, response: { 200: ObservationList, ...errors(400, 403) } } },
    async (request) => observationsOfPerson(app.ctx, principalOf(request), request.query.personId),
  );

  app.get(
    '/grid/observations/:id',
    { schema: { tags, summary: 'One observation in your scope: the person masked, the reports and the missed slots', params: IdParams, response: { 200: ObservationSchema, ...errors(400, 403, 404) } } },
    async (request) => getObservation(app.ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/grid/observations/:id/link',
    {
      schema: {
        tags,
        summary: 'A new personal link; the old one is refused from now on (a lost or shared phone); audited',
        params: IdParams,
        response: { 200: LinkResult, ...errors(400, 403, 404) },
      },
    },
    async (request) => rotateObservationLink(app.ctx, principalOf(request), request.params.id),
  );
};

export const publicObservationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['public'];
  const limits = { rateLimit: { max: app.ctx.config.checkinLimits.perAddress, timeWindow: '1 minute' } };

  app.get(
    '/public/observation',
    {
      config: { public: true, ...limits },
      schema: {
        tags,
        summary: 'The observation a personal link names (header x-observation-token, no login): masked name, days, today\'s slots, the slot a report now fills',
        headers: TokenHeaders,
        response: { 200: PublicStatusSchema, ...errors(400) },
      },
    },
    // never cached: it changes with every report
    async (request, reply) => reply.header('cache-control', 'no-store').send(await publicObservationStatus(app.ctx, request.headers['x-observation-token'])),
  );

  app.post(
    '/public/observation',
    {
      config: { public: true, ...limits },
      schema: {
        tags,
        summary: 'A temperature report through the personal link (no login); stored once per clientId, a resend answers duplicate',
        body: ReportBody,
        response: { 201: ReportAck, ...errors(400, 413) },
      },
    },
    async (request, reply) => reply.status(201).header('cache-control', 'no-store').send(await selfReport(app.ctx, request.body, request.ip)),
  );
};
