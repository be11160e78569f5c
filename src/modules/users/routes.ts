import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams, NoContent } from '../../http/schemas.ts';
import { CreateBody, ListQuery, PatchBody, RevealBody, User } from './schema.ts';
import { createUser, getUser, listUsers, revealUserField, revokeSessions, updateUser } from './service.ts';

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  app.get(
    '/users',
    { schema: { tags, querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(User), total: Type.Integer() }), ...errors(400, 403) } } },
    async (request) => listUsers(app.ctx, principalOf(request), request.query),
  );

  app.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: User, ...errors(403, 404) } } }, async (request) =>
    getUser(app.ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/users',
    { schema: { tags, body: CreateBody, response: { 201: User, ...errors(400, 403, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await createUser(app.ctx, principalOf(request), request.body)),
  );

  app.patch(
    '/users/:id',
    { schema: { tags, params: IdParams, body: PatchBody, response: { 200: User, ...errors(400, 403, 404) } } },
    async (request) => updateUser(app.ctx, principalOf(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/revoke-sessions',
    { schema: { tags, params: IdParams, response: { 204: NoContent, ...errors(403, 404) } } },
    async (request, reply) => {
      await revokeSessions(app.ctx, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/reveal',
    {
      schema: {
        tags,
        summary: 'A personal field in clear: needs a purpose, always audited',
        params: IdParams,
        body: RevealBody,
        response: { 200: Type.Object({ value: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 403, 404) },
      },
    },
    async (request) => ({ value: await revealUserField(app.ctx, principalOf(request), request.params.id, request.body.field, request.body.purpose) }),
  );
};
