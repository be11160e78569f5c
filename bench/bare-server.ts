// The baseline: a bare Fastify route that validates its input like ours do and touches no database.
import Fastify from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CheckinBody } from '../src/modules/checkins/schema.ts';

const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
app.get(
  '/bare',
  { schema: { querystring: Type.Object({ parentId: Type.Optional(Type.String({ maxLength: 64 })) }), response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
  async () => ({ ok: true }),
);
// The same body schema as POST /api/v1/checkins, validated and then dropped.
app.post('/bare-checkin', { schema: { body: CheckinBody, response: { 201: Type.Object({ ok: Type.Boolean() }) } } }, async (_req, reply) => reply.status(201).send({ ok: true }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
