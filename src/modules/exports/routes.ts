// POST /exports: the file of a filtered set, streamed as it is read. Everything that can refuse (role, purpose,
// filter, scope) is checked before the first byte, so a refusal is a plain error answer.
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors } from '../../http/schemas.ts';
import { ExportBody, ExportFile } from './schema.ts';
import { prepareExport, type ExportRequest, type PreparedExport } from './service.ts';
import { OutputClosed } from './sheet.ts';

/** attachment; filename="ascii"; filename*=UTF-8''<the real name> (RFC 6266), so Chinese names survive. */
export function contentDisposition(e: Pick<PreparedExport, 'fileName' | 'asciiFileName'>): string {
  const encoded = encodeURIComponent(e.fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${e.asciiFileName}"; filename*=UTF-8''${encoded}`;
}

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Export check-ins or the entries of a list as CSV or XLSX: masked unless `reveal` (admin, analyst) gives a purpose; always audited',
        body: ExportBody,
        response: { 200: ExportFile, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const prepared = await prepareExport(app.ctx, principalOf(request), request.body as ExportRequest, request.locale);
      const body = new PassThrough();
      prepared.write(body).catch((err: unknown) => {
        // Headers are gone by now: the only thing left to do is to cut the answer short.
        if (!(err instanceof OutputClosed)) request.log.error({ err }, 'export failed while streaming');
        body.destroy(err as Error);
      });
      return reply
        .type(prepared.contentType)
        .header('content-disposition', contentDisposition(prepared))
        .header('cache-control', 'no-store')
        .header('x-export-rows', String(prepared.rows))
        .send(body);
    },
  );
};
