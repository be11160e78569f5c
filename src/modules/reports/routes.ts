// HTTP routes of reports: ask for one (built in the background after the answer), follow it, list them, download
// the PDF or the XLSX. Admin, commander and analyst, in their scope.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { contentDisposition } from '../exports/routes.ts';
import type { ReportJobs } from './jobs.ts';
import { FileQuery, ReportBody, ReportFileBody, ReportList, ReportQuery, ReportViewSchema } from './schema.ts';
import { getReport, listReports, reportFile, requestReport } from './service.ts';

export const reportRoutes: FastifyPluginAsyncTypebox<{ jobs?: ReportJobs }> = async (app, { jobs }) => {
  const tags = ['reports'];

  app.post(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Ask for an analysis report or a weekly dispatch of an org unit: queued, then built (PDF and XLSX) in the background; poll it',
        body: ReportBody,
        response: { 202: ReportViewSchema, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const view = await requestReport(app.ctx, principalOf(request), request.body, request.locale);
      jobs?.wake();
      return reply.status(202).send(view);
    },
  );

  app.get(
    '/reports',
    { schema: { tags, summary: 'Reports in your scope (asked for and scheduled), newest first, a page at a time', querystring: ReportQuery, response: { 200: ReportList, ...errors(400, 403, 404) } } },
    async (request) => listReports(app.ctx, principalOf(request), request.query, request.locale),
  );

  app.get(
    '/reports/:id',
    { schema: { tags, summary: 'One report: its status (poll it while queued or running)', params: IdParams, response: { 200: ReportViewSchema, ...errors(400, 403, 404) } } },
    async (request) => getReport(app.ctx, principalOf(request), request.params.id, request.locale),
  );

  app.get(
    '/reports/:id/file',
    {
      schema: {
        tags,
        summary: 'Download a finished report as PDF or XLSX (audited)',
        params: IdParams,
        querystring: FileQuery,
        response: { 200: ReportFileBody, ...errors(400, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const file = await reportFile(app.ctx, principalOf(request), request.params.id, request.query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', contentDisposition(file))
        .header('content-length', String(file.bytes))
        .header('cache-control', 'no-store')
        .send(file.data);
    },
  );
};
