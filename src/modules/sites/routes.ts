import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors } from '../../http/schemas.ts';
import { Binary, CodeParams, CreateBody, ListQuery, PatchBody, PostersBody, PublicSite, ResolveQuery, RotateBody, Site, ValidityQuery } from './schema.ts';
import { createSite, getSite, listSites, resolveSiteToken, rotateSite, siteQr, sitePosters, updateSite } from './service.ts';

export const siteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['sites'];
  app.get(
    '/sites',
    { schema: { tags, summary: 'Sites in your scope', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(Site), total: Type.Integer() }), ...errors(400, 404) } } },
    async (request) => listSites(app.ctx, principalOf(request), request.query),
  );

  app.post(
    '/sites',
    { schema: { tags, summary: 'Add a site (administrators)', body: CreateBody, response: { 201: Site, ...errors(400, 403, 404) } } },
    async (request, reply) => reply.status(201).send(await createSite(app.ctx, principalOf(request), request.body)),
  );

  app.post(
    '/sites/posters',
    { schema: { tags, summary: 'One A4 PDF with a poster page per site', body: PostersBody, querystring: ValidityQuery, response: { 200: Binary('application/pdf'), ...errors(400, 404) } } },
    async (request, reply) => {
      const pdf = await sitePosters(app.ctx, principalOf(request), request.body.codes, request.query.validDays);
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="posters.pdf"').send(pdf);
    },
  );

  app.get('/sites/:code', { schema: { tags, params: CodeParams, response: { 200: Site, ...errors(400, 404) } } }, async (request) =>
    getSite(app.ctx, principalOf(request), request.params.code),
  );

  app.patch(
    '/sites/:code',
    { schema: { tags, summary: 'Rename, disable or enable a site, or set its tracing tolerance (administrators)', params: CodeParams, body: PatchBody, response: { 200: Site, ...errors(400, 403, 404) } } },
    async (request) => updateSite(app.ctx, principalOf(request), request.params.code, request.body),
  );

  app.post(
    '/sites/:code/rotate',
    {
      schema: {
        tags,
        summary: 'New QR codes for a site; printed ones keep working for the grace period (administrators, audited)',
        params: CodeParams,
        body: RotateBody,
        response: { 200: Site, ...errors(400, 403, 404) },
      },
    },
    async (request) => rotateSite(app.ctx, principalOf(request), request.params.code, request.body.graceHours),
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/sites/:code/qr.${format}`,
      { schema: { tags, summary: `The QR code of the site's URL as ${format.toUpperCase()}`, params: CodeParams, querystring: ValidityQuery, response: { 200: Binary(`image/${format}`), ...errors(400, 404) } } },
      async (request, reply) => {
        const { site, body } = await siteQr(app.ctx, principalOf(request), request.params.code, format, request.query.validDays);
        return reply.type(format === 'svg' ? 'image/svg+xml' : 'image/png').header('content-disposition', `inline; filename="${site.code}.${format}"`).send(body);
      },
    );
  }

  app.get(
    '/sites/:code/poster.pdf',
    { schema: { tags, summary: 'Printable A4 poster', params: CodeParams, querystring: ValidityQuery, response: { 200: Binary('application/pdf'), ...errors(400, 404) } } },
    async (request, reply) => {
      const pdf = await sitePosters(app.ctx, principalOf(request), [request.params.code], request.query.validDays);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${request.params.code.toUpperCase()}.pdf"`).send(pdf);
    },
  );

  // Public: the phone page asks what a scanned QR code names. Errors say why a code is refused.
  app.get(
    '/public/sites/resolve',
    { config: { public: true }, schema: { tags, summary: 'The site a QR token names (no login)', querystring: ResolveQuery, response: { 200: PublicSite, ...errors(400, 404) } } },
    async (request) => {
      const { site } = await resolveSiteToken(app.ctx, request.query.token);
      return { site: { code: site.code, name: site.name, kind: site.kind, orgName: site.orgUnit.name } };
    },
  );
};
