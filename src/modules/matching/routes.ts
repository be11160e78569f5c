import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { AcceptBody, Candidate, CandidateQuery, Merge, MergeQuery } from './schema.ts';
import { acceptCandidate, listCandidates, listMerges, rejectCandidate, undoMerge } from './service.ts';

export const matchingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['people'];
  app.get(
    '/merge-candidates',
    { schema: { tags, summary: 'Possible duplicate records in your scope, masked: open ones by score, decided ones latest first', querystring: CandidateQuery, response: { 200: Type.Object({ items: Type.Array(Candidate) }), ...errors(400, 403) } } },
    async (request) => ({ items: await listCandidates(app.ctx, principalOf(request), request.query) }),
  );

  app.post(
    '/merge-candidates/:id/accept',
    { schema: { tags, summary: 'Merge the two records: the one not kept stands under the kept one from now on (audited)', params: IdParams, body: Type.Optional(AcceptBody), response: { 200: Merge, ...errors(400, 403, 404, 409) } } },
    async (request) => acceptCandidate(app.ctx, principalOf(request), request.params.id, request.body?.keep),
  );

  app.post(
    '/merge-candidates/:id/reject',
    { schema: { tags, summary: 'Mark the two records as different people (audited)', params: IdParams, response: { 200: Candidate, ...errors(400, 403, 404, 409) } } },
    async (request) => rejectCandidate(app.ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/merges',
    { schema: { tags, summary: 'Accepted merges in your scope, newest first, masked', querystring: MergeQuery, response: { 200: Type.Object({ items: Type.Array(Merge), nextBefore: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 403) } } },
    async (request) => listMerges(app.ctx, principalOf(request), request.query),
  );

  app.post(
    '/merges/:id/undo',
    { schema: { tags, summary: 'Separate the merged record again; its candidate can then be decided again (audited)', params: IdParams, response: { 200: Merge, ...errors(400, 403, 404, 409) } } },
    async (request) => undoMerge(app.ctx, principalOf(request), request.params.id),
  );
};
