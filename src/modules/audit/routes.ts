// Browsing and verifying the audit log: administrators only, within their scope.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAudit, verifyAuditChain } from '../../core/audit.ts';
import { requireRole } from '../../http/auth.ts';
import { errors } from '../../http/schemas.ts';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['audit'];
  app.get(
    '/audit',
    { schema: { tags, querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(Entry), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }), ...errors(400, 403) } } },
    async (request) => listAudit(app.ctx, requireRole(request, 'admin').scope, request.query),
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags,
        summary: 'Re-computes the hash chain of the whole log',
        response: { 200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBroken: Type.Union([Type.Integer(), Type.Null()]), reason: Type.Union([Type.String(), Type.Null()]) }), ...errors(403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      return verifyAuditChain(app.ctx);
    },
  );
};
