import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams, NoContent } from '../../http/schemas.ts';
import { isKnownDivision } from '../divisions/service.ts';
import { addRiskArea, listRiskAreas, removeRiskArea } from './service.ts';

const Level = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
const RiskArea = Type.Object({
  id: Type.String(),
  code: Type.String(),
  level: Level,
  validFrom: Type.String(),
  validTo: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});

export const riskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['risk'];
  app.get('/risk-areas', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(RiskArea) }), ...errors() } } }, async (request) => {
    principalOf(request);
    return { items: await listRiskAreas(app.ctx) };
  });

  app.post(
    '/risk-areas',
    {
      schema: {
        tags,
        summary: 'Add a risk area (region administrators): check-ins from, to or through it are flagged while it is valid',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 code of a province, city or county' }),
            level: Level,
            validFrom: Type.String({ format: 'date-time' }),
            validTo: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: RiskArea, ...errors(400, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await addRiskArea(app.ctx, principalOf(request), request.body, isKnownDivision)),
  );

  app.delete('/risk-areas/:id', { schema: { tags, params: IdParams, response: { 204: NoContent, ...errors(403, 404) } } }, async (request, reply) => {
    await removeRiskArea(app.ctx, principalOf(request), request.params.id);
    return reply.status(204).send(null);
  });
};
