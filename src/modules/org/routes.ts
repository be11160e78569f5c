import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams, NoContent } from '../../http/schemas.ts';
import { CreateBody, ListQuery, OrgUnit, PatchBody } from './schema.ts';
import { createOrgUnit, deleteOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from './service.ts';

export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['org'];
  app.get(
    '/org-units',
    { schema: { tags, summary: 'Children of a unit, or the tops of your scope', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(OrgUnit) }), ...errors(400, 404) } } },
    async (request) => ({ items: await listOrgUnits(app.ctx, principalOf(request), request.query.parentId) }),
  );

  app.get(
    '/org-units/:id',
    { schema: { tags, params: IdParams, response: { 200: Type.Object({ unit: OrgUnit, ancestors: Type.Array(OrgUnit) }), ...errors(404) } } },
    async (request) => getOrgUnit(app.ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/org-units',
    { schema: { tags, body: CreateBody, response: { 201: OrgUnit, ...errors(400, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await createOrgUnit(app.ctx, principalOf(request), request.body)),
  );

  app.patch(
    '/org-units/:id',
    { schema: { tags, params: IdParams, body: PatchBody, response: { 200: OrgUnit, ...errors(400, 403, 404) } } },
    async (request) => updateOrgUnit(app.ctx, principalOf(request), request.params.id, request.body),
  );

  app.delete(
    '/org-units/:id',
    { schema: { tags, params: IdParams, response: { 204: NoContent, ...errors(403, 404, 409) } } },
    async (request, reply) => {
      await deleteOrgUnit(app.ctx, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
