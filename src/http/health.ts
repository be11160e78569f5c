// Liveness (the process answers) and readiness (the database answers too).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const Status = Type.Object({ status: Type.String() });

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { config: { public: true, rateLimit: false }, schema: { tags: ['health'], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { config: { public: true, rateLimit: false }, schema: { tags: ['health'], response: { 200: Status, 503: Status } } },
    async (_req, reply) => {
      try {
        await app.database.ping();
        return { status: 'ready' };
      } catch {
        return reply.status(503).header('retry-after', '5').send({ status: 'database unavailable' });
      }
    },
  );
};
