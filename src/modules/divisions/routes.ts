// GB/T 2260 cascade for the phone page, one level per request: public reference data, cached by browsers and
// proxies for a day (it changes only with a new data package).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../core/errors.ts';
import { errors } from '../../http/schemas.ts';
import { DivisionList, DivisionQuery } from './schema.ts';
import { childrenOf } from './service.ts';

export const divisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/divisions',
    {
      config: { public: true },
      schema: {
        tags: ['divisions'],
        summary: 'Provinces, or the children of a division (GB/T 2260, down to county level)',
        querystring: DivisionQuery,
        response: { 200: DivisionList, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const parent = request.query.parent ?? null;
      const items = childrenOf(parent);
      if (!items) throw notFound('division.not_found', { code: parent ?? '' }, 'parent');
      reply.header('cache-control', 'public, max-age=86400');
      return { items: items.map((d) => ({ code: d.code, name: d.name })) };
    },
  );
};
