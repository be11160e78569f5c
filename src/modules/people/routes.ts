import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams } from '../../http/schemas.ts';
import { revealPerson, searchPersons, viewPerson } from './read-service.ts';
import { personReport } from './report.ts';
import { ClearProfile, PersonSummary, PersonView, PurposeBody, ReportBody, SearchBody, SubjectReport } from './schema.ts';

export const personRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['people'];
  app.post(
    '/persons/search',
    {
      schema: {
        tags,
        summary: 'Persons of one ID number or phone (exact, through the blind indexes), masked; audited with the purpose',
        body: SearchBody,
        response: { 200: Type.Object({ items: Type.Array(PersonSummary) }), ...errors(400, 403) },
      },
    },
    async (request) => searchPersons(app.ctx, principalOf(request), request.body),
  );

  app.post(
    '/persons/report',
    {
      schema: {
        tags,
        summary: "Everything held about one person, in clear, for a subject's access request (administrators, analysts; audited)",
        body: ReportBody,
        response: { 200: SubjectReport, ...errors(400, 403, 404) },
      },
    },
    async (request) => personReport(app.ctx, principalOf(request), request.body),
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        tags,
        summary: "A person's page, masked: profile, merged records, lists and categories, check-ins, decisions, watch-list hits (audited)",
        params: IdParams,
        response: { 200: PersonView, ...errors(400, 403, 404) },
      },
    },
    async (request) => viewPerson(app.ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/persons/:id/reveal',
    {
      schema: {
        tags,
        summary: "A person's profile in clear (administrators, analysts); needs a purpose and is audited",
        params: IdParams,
        body: PurposeBody,
        response: { 200: ClearProfile, ...errors(400, 403, 404) },
      },
    },
    async (request) => revealPerson(app.ctx, principalOf(request), request.params.id, request.body.purpose),
  );
};
