// HTTP routes of contact tracing: run a trace, read it (masked; routed contacts hidden), reveal, accept, export.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { contentDisposition } from '../exports/routes.ts';
import { acceptTrace } from './accept.ts';
import { exportTraceContacts } from './export.ts';
import { AcceptBody, AcceptResultSchema, ExportQuery, RevealBody, TraceBody, TraceList, TraceQuery, TraceViewSchema } from './schema.ts';
import { getTrace, listTraces, revealTrace, runTrace } from './service.ts';

export const tracingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['tracing'];

  app.post(
    '/traces',
    {
      schema: {
        tags,
        summary: 'Trace the contacts of a case (admin, analyst): exposures with evidence, ranked, to the depth asked; stored as a draft; audited with its purpose',
        body: TraceBody,
        response: { 201: TraceViewSchema, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await runTrace(app.ctx, principalOf(request), request.body)),
  );

  app.get(
    '/traces',
    { schema: { tags, summary: 'Traces in your scope, newest first', querystring: TraceQuery, response: { 200: TraceList, ...errors(400, 403) } } },
    async (request) => listTraces(app.ctx, principalOf(request), request.query),
  );

  app.get(
    '/traces/:id',
    { schema: { tags, summary: 'One trace: contacts masked; contacts of units outside your scope only as routed', params: IdParams, response: { 200: TraceViewSchema, ...errors(400, 403, 404) } } },
    async (request) => getTrace(app.ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/traces/:id/reveal',
    { schema: { tags, summary: 'The trace with ID numbers in clear (admin, analyst; purpose; audited)', params: IdParams, body: RevealBody, response: { 200: TraceViewSchema, ...errors(400, 403, 404) } } },
    async (request) => revealTrace(app.ctx, principalOf(request), request.params.id, request.body.purpose),
  );

  app.post(
    '/traces/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a trace: contacts become close contacts of the case and follow-up tasks of their units (routed when outside your scope)',
        params: IdParams,
        body: AcceptBody,
        response: { 200: AcceptResultSchema, ...errors(400, 403, 404) },
      },
    },
    async (request) => acceptTrace(app.ctx, principalOf(request), request.params.id, request.body?.nodes),
  );

  app.get(
    '/traces/:id/export',
    {
      schema: {
        tags,
        summary: 'The contact list as CSV or XLSX: masked unless `reveal` with a purpose (admin, analyst); audited',
        params: IdParams,
        querystring: ExportQuery,
        response: { 200: Type.Any({ description: 'the file' }), ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await exportTraceContacts(app.ctx, principalOf(request), request.params.id, request.query, request.locale);
      return reply.type(file.contentType).header('content-disposition', contentDisposition(file)).header('cache-control', 'no-store').header('x-export-rows', String(file.rows)).send(file.body);
    },
  );
};
