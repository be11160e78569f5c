// HTTP routes of list imports. The upload is the raw file (application/octet-stream), streamed to disk.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { formatMessage } from '../../core/messages.ts';
import type { ImportJobs } from './jobs.ts';
import {
  CsvText, ImportList, ImportViewSchema, MappingBody, MappingList, MappingParams, MappingSchema, PreviewAnswer, PreviewBody, StartBody, UploadAnswerSchema, UploadQuery,
} from './schema.ts';
import { getImport, listImports, listMappings, previewImport, refusalsCsv, saveMapping, startImport, UploadTooLarge, uploadImport } from './service.ts';

/** Lists of millions of rows are hundreds of megabytes. */
export const UPLOAD_LIMIT_BYTES = 2 * 1024 ** 3;

export const importRoutes: FastifyPluginAsyncTypebox<{ jobs?: ImportJobs }> = async (app, { jobs }) => {
  const tags = ['imports'];
  // The upload route takes the raw body as a stream; nothing buffers it.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.post(
    '/imports/uploads',
    {
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Upload a list or household file (CSV or XLSX, raw body as application/octet-stream); answers its headers and a suggested column mapping for its target',
        querystring: UploadQuery,
        response: { 201: UploadAnswerSchema, ...errors(400, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      // the error answers below are declared with errors(); the type provider only knows the 201 body
      const raw = reply as unknown as FastifyReply;
      const body = request.body as Readable | undefined;
      if (!body || typeof (body as Readable).pipe !== 'function') {
        return raw.status(415).send({ error: { code: 'request.unsupported_media_type', message: formatMessage(request.locale, 'request.unsupported_media_type') } });
      }
      try {
        const answer = await uploadImport(app.ctx, actor, { fileName: request.query.fileName, target: request.query.target, body, maxBytes: UPLOAD_LIMIT_BYTES });
        return reply.status(201).send(answer);
      } catch (e) {
        if (!(e instanceof UploadTooLarge)) throw e;
        body.resume();
        reply.header('connection', 'close');
        return raw.status(413).send({ error: { code: 'request.too_large', message: formatMessage(request.locale, 'request.too_large', { limit: UPLOAD_LIMIT_BYTES }) } });
      }
    },
  );

  app.post(
    '/imports/:id/preview',
    { schema: { tags, summary: 'The first 20 data rows as a column mapping reads them (masked), with the reasons each would be refused', params: IdParams, body: PreviewBody, response: { 200: PreviewAnswer, ...errors(400, 403, 404, 409) } } },
    async (request) => previewImport(app.ctx, principalOf(request), request.params.id, request.body, request.locale),
  );

  app.post(
    '/imports/:id/start',
    { schema: { tags, summary: 'Start importing an uploaded file into a list, or with target households into the grids of your scope (audited); the job runs in the background', params: IdParams, body: StartBody, response: { 202: ImportViewSchema, ...errors(400, 403, 404, 409) } } },
    async (request, reply) => {
      const view = await startImport(app.ctx, principalOf(request), request.params.id, request.body);
      jobs?.wake();
      return reply.status(202).send(view);
    },
  );

  app.get(
    '/imports',
    { schema: { tags, summary: 'Imports in your scope, newest first', response: { 200: ImportList, ...errors(403) } } },
    async (request) => ({ items: await listImports(app.ctx, principalOf(request)) }),
  );

  app.get(
    '/imports/:id',
    { schema: { tags, summary: 'One import: status and counts (poll it for progress)', params: IdParams, response: { 200: ImportViewSchema, ...errors(400, 403, 404) } } },
    async (request) => getImport(app.ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/imports/:id/refusals.csv',
    { schema: { tags, summary: 'The refused rows: row number, column and reason (CSV in the request language)', params: IdParams, response: { 200: CsvText, ...errors(400, 403, 404) } } },
    async (request, reply) => {
      const lines = await refusalsCsv(app.ctx, principalOf(request), request.params.id, request.locale);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="refusals-${request.params.id}.csv"`)
        .send(Readable.from(lines));
    },
  );

  app.get(
    '/import-mappings',
    { schema: { tags, summary: 'Saved column mappings', response: { 200: MappingList, ...errors(403) } } },
    async (request) => ({ items: await listMappings(app.ctx, principalOf(request)) }),
  );

  app.put(
    '/import-mappings/:name',
    { schema: { tags, summary: 'Save a column mapping under a name (replaces one of the same name)', params: MappingParams, body: MappingBody, response: { 200: MappingSchema, ...errors(400, 403) } } },
    async (request) => saveMapping(app.ctx, principalOf(request), request.params.name, request.body.columns),
  );
};
