import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { Decision, DecisionBody } from './schema.ts';
import { decisionsOfCheckin, recordDecision } from './service.ts';
import type { AlertOutbox } from '../notifications/outbox.ts';

export const decisionRoutes: FastifyPluginAsyncTypebox<{ alerts?: AlertOutbox }> = async (app, { alerts }) => {
  const tags = ['officer'];
  app.post(
    '/checkins/:id/decisions',
    { schema: { tags, summary: "Record an officer's decision for this passage: let pass, hold for screening, refer to a medical point", params: IdParams, body: DecisionBody, response: { 201: Decision, ...errors(400, 403, 404) } } },
    async (request, reply) => {
      const decision = await recordDecision(app.ctx, principalOf(request), request.params.id, request.body, { emit: (e) => app.ctx.events.emit('decision', e), alerts });
      return reply.status(201).send(decision);
    },
  );

  app.get(
    '/checkins/:id/decisions',
    { schema: { tags, summary: 'The decisions taken on one check-in, oldest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Decision) }), ...errors(400, 403, 404) } } },
    async (request) => ({ items: await decisionsOfCheckin(app.ctx, principalOf(request), request.params.id) }),
  );
};
