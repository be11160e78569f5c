import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { IdParams, Nullable, errors } from '../../http/schemas.ts';
import { listEntries } from './entries.ts';
import { createList, listLists } from './service.ts';

const Kind = Type.Union([Type.Literal('incoming'), Type.Literal('observation'), Type.Literal('high_risk'), Type.Literal('confirmed'), Type.Literal('suspected'), Type.Literal('fever'), Type.Literal('close_contact')]);
const List = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Kind,
  orgCode: Nullable(Type.String()),
  watch: Type.Boolean({ description: 'check-ins of people with an active entry are flagged watch_list at once' }),
  entries: Type.Integer(),
  active: Type.Integer(),
  createdAt: Type.String(),
});
const Entry = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  name: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  origin: Nullable(Type.String()),
  listedAt: Nullable(Type.String()),
  source: Type.String(),
  createdAt: Type.String(),
  endedAt: Nullable(Type.String()),
});

export const listRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['lists'];
  app.get('/lists', { schema: { tags, summary: 'The lists in my scope, with their entry counts', response: { 200: Type.Object({ items: Type.Array(List) }), ...errors(403) } } }, async (request) => ({
    items: await listLists(app.ctx, principalOf(request)),
  }));

  app.post(
    '/lists',
    {
      schema: {
        tags,
        summary: 'Create a list (analysts and administrators) for an org unit in my scope',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), kind: Kind, orgCode: Type.String({ minLength: 1, maxLength: 32 }), watch: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 201: List, ...errors(400, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createList(app.ctx, principalOf(request), request.body)),
  );

  app.get(
    '/lists/:id/entries',
    {
      schema: {
        tags,
        summary: "A list's entries, masked, newest first",
        params: IdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Entry), nextBefore: Nullable(Type.String()) }), ...errors(400, 403, 404) },
      },
    },
    async (request) => listEntries(app.ctx, principalOf(request), request.params.id, { limit: request.query.limit ?? 100, before: request.query.before }),
  );
};
