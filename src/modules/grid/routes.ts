// HTTP routes of grid operations: posts, households, tasks (read, reveal, ad hoc, change, sync from phones),
// campaigns and progress. Thin: the services decide who may do what.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams, NoContent } from '../../http/schemas.ts';
import { createCampaign, getCampaign, listCampaigns } from './campaigns.ts';
import { addHouseholdMember, createAddress, listHouseholds, revealHousehold } from './households.ts';
import { addPost, listPosts, postsOf, removePost } from './posts.ts';
import { gridProgress, unitIdByCode } from './progress.ts';
import * as s from './schema.ts';
import { syncTaskEvents } from './sync.ts';
import { getTask, listTasks, revealTask } from './task-read.ts';
import { createAdHocTask, patchTask } from './tasks.ts';

export const gridRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['grid'];
  const ctx = app.ctx;

  app.get('/grid/me', { schema: { tags, summary: 'The grid posts you hold', response: { 200: s.MyPosts, ...errors(401) } } }, async (request) => ({
    posts: (await postsOf(ctx, principalOf(request).userId)).map(({ orgUnit: { path: _path, ...unit }, post }) => ({ orgUnit: unit, post })),
  }));

  app.get('/grid/posts', { schema: { tags, summary: 'Who holds which grid post (admin, commander, analyst)', querystring: s.OrgQuery, response: { 200: s.PostList, ...errors(400, 403, 404) } } }, async (request) => ({
    items: await listPosts(ctx, principalOf(request), request.query.orgId),
  }));
  app.post('/grid/posts', { schema: { tags, summary: 'Give a user a post in a grid (admin; audited)', body: s.PostBody, response: { 201: s.Post, ...errors(400, 403, 404) } } }, async (request, reply) =>
    reply.status(201).send(await addPost(ctx, principalOf(request), request.body)),
  );
  app.delete('/grid/posts', { schema: { tags, summary: 'Take a post away (admin; audited)', body: s.PostBody, response: { 204: NoContent, ...errors(400, 403, 404) } } }, async (request, reply) => {
    await removePost(ctx, principalOf(request), request.body);
    return reply.status(204).send(null);
  });

  app.get('/grid/households', { schema: { tags, summary: 'Households of a unit, or of the grids you hold posts for; masked', querystring: s.HouseholdQuery, response: { 200: s.HouseholdList, ...errors(400, 403, 404) } } }, async (request) =>
    listHouseholds(ctx, principalOf(request), request.query),
  );
  app.post('/grid/addresses', { schema: { tags, summary: 'Add a standard address to a grid (audited)', body: s.AddressBody, response: { 201: s.Household, ...errors(400, 403, 404) } } }, async (request, reply) =>
    reply.status(201).send(await createAddress(ctx, principalOf(request), request.body)),
  );
  app.post('/grid/addresses/:id/members', { schema: { tags, summary: 'Add a person who lives or works at an address (audited)', params: IdParams, body: s.MemberBody, response: { 201: s.Household, ...errors(400, 403, 404) } } }, async (request, reply) =>
    reply.status(201).send(await addHouseholdMember(ctx, principalOf(request), request.params.id, request.body)),
  );
  app.post('/grid/households/:id/reveal', { schema: { tags, summary: 'A household in clear (purpose; audited)', params: IdParams, body: s.PurposeBody, response: { 200: s.Household, ...errors(400, 403, 404) } } }, async (request) =>
    revealHousehold(ctx, principalOf(request), request.params.id, request.body.purpose),
  );

  app.get('/grid/tasks', { schema: { tags, summary: 'Tasks: mine, a unit\'s, or those escalated to a unit; open ones by due time', querystring: s.TaskQuery, response: { 200: s.TaskList, ...errors(400, 403, 404) } } }, async (request) =>
    listTasks(ctx, principalOf(request), request.query),
  );
  app.post('/grid/tasks', { schema: { tags, summary: 'Give a grid an ad-hoc task (leaders; audited)', body: s.AdHocBody, response: { 201: s.TaskDetail, ...errors(400, 403, 404) } } }, async (request, reply) => {
    const actor = principalOf(request);
    const id = await createAdHocTask(ctx, actor, request.body);
    return reply.status(201).send(await getTask(ctx, actor, id));
  });
  app.get('/grid/tasks/:id', { schema: { tags, summary: 'One task with what was recorded on it; masked', params: IdParams, response: { 200: s.TaskDetail, ...errors(400, 403, 404) } } }, async (request) =>
    getTask(ctx, principalOf(request), request.params.id),
  );
  app.patch('/grid/tasks/:id', { schema: { tags, summary: 'Reassign, move the due time or cancel a task (leaders; audited)', params: IdParams, body: s.TaskPatchBody, response: { 200: s.TaskDetail, ...errors(400, 403, 404) } } }, async (request) => {
    const actor = principalOf(request);
    await patchTask(ctx, actor, request.params.id, request.body);
    return getTask(ctx, actor, request.params.id);
  });
  app.post('/grid/tasks/:id/reveal', { schema: { tags, summary: 'A task\'s person and address in clear (purpose; audited)', params: IdParams, body: s.PurposeBody, response: { 200: s.TaskDetail, ...errors(400, 403, 404) } } }, async (request) =>
    revealTask(ctx, principalOf(request), request.params.id, request.body.purpose),
  );
  app.post('/grid/sync', { schema: { tags, summary: 'Records made on a phone (visits, temperatures, done), once per client id', body: s.SyncBody, response: { 200: s.SyncAnswer, ...errors(400, 403) } } }, async (request) => ({
    results: await syncTaskEvents(ctx, principalOf(request), request.body.events, request.locale),
  }));

  app.get('/grid/campaigns', { schema: { tags, summary: 'Screening campaigns in your scope', response: { 200: s.CampaignList, ...errors(403) } } }, async (request) => listCampaigns(ctx, principalOf(request)));
  app.post('/grid/campaigns', { schema: { tags, summary: 'Start a door-to-door screening of grids: a task per household (leaders; audited)', body: s.CampaignBody, response: { 201: s.CampaignDetail, ...errors(400, 403, 404) } } }, async (request, reply) => {
    const actor = principalOf(request);
    const c = await createCampaign(ctx, actor, request.body);
    const { campaign, grids } = await getCampaign(ctx, actor, c.id);
    return reply.status(201).send({ ...campaign, grids });
  });
  app.get('/grid/campaigns/:id', { schema: { tags, summary: 'A campaign with its completeness per grid', params: IdParams, response: { 200: s.CampaignDetail, ...errors(400, 403, 404) } } }, async (request) => {
    const { campaign, grids } = await getCampaign(ctx, principalOf(request), request.params.id);
    return { ...campaign, grids };
  });

  app.get('/grid/progress', { schema: { tags, summary: 'Task progress per child unit (% done, overdue, escalated, by kind)', querystring: s.ProgressQuery, response: { 200: s.ProgressAnswer, ...errors(400, 403, 404) } } }, async (request) => {
    const { orgId, orgCode } = request.query;
    return gridProgress(ctx, principalOf(request), orgCode ? await unitIdByCode(ctx, orgCode) : orgId);
  });
};
