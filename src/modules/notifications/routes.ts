// Webhooks HTTP, and the sender of deliveries, started when the app is ready and stopped when it closes. The
// deliveries themselves are written by the check-in and decision paths, through the outbox this plugin is given.
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors, IdParams, NoContent } from '../../http/schemas.ts';
import type { Alert } from './alert.ts';
import type { AlertOutbox } from './outbox.ts';
import { CreateBody, DeliveriesQuery, Delivery, GENERIC_WEBHOOK_DOC, GenericAlertBody, PatchBody, Webhook } from './schema.ts';
import { DeliverySender } from './sender.ts';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, retryDelivery, sendTestMessage, updateWebhook } from './service.ts';

// The documented body and the alert that is sent are one shape: a change to either fails the type check here.
const documented: (a: Alert) => Static<typeof GenericAlertBody> = (a) => a;
void documented;

export const notificationRoutes: FastifyPluginAsyncTypebox<{ alerts: AlertOutbox }> = async (app, { alerts }) => {
  const tags = ['notifications'];
  const sender = new DeliverySender(app.ctx, app.log);
  alerts.onQueued(() => sender.wake());
  // Hooks changed here are read again by the next alert; the outbox cache is never in the way of a change.
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.routeOptions.url?.startsWith('/api/v1/webhooks')) alerts.invalidate();
  });
  app.addHook('onReady', async () => sender.start());
  app.addHook('onClose', async () => sender.stop());

  app.get(
    '/webhooks',
    { schema: { tags, summary: 'Notification channels of the org units in your scope (administrators, commanders)', response: { 200: Type.Object({ items: Type.Array(Webhook) }), ...errors(403) } } },
    async (request) => ({ items: await listWebhooks(app.ctx, principalOf(request)) }),
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a group robot or webhook for an org unit: it gets the alerts of every site in the unit and below (administrators, audited)',
        description: `Messages carry masked data and a link into the console. A generic webhook receives JSON: ${GENERIC_WEBHOOK_DOC}`,
        body: CreateBody,
        response: { 201: Webhook, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createWebhook(app.ctx, principalOf(request), request.body)),
  );

  app.get('/webhooks/:id', { schema: { tags, params: IdParams, response: { 200: Webhook, ...errors(403, 404) } } }, async (request) =>
    getWebhook(app.ctx, principalOf(request), request.params.id),
  );

  app.patch(
    '/webhooks/:id',
    { schema: { tags, summary: 'Rename, re-address, re-key, choose events, disable or enable (administrators, audited)', params: IdParams, body: PatchBody, response: { 200: Webhook, ...errors(400, 403, 404) } } },
    async (request) => updateWebhook(app.ctx, principalOf(request), request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    { schema: { tags, summary: 'Remove a channel and its delivery record (administrators, audited)', params: IdParams, response: { 204: NoContent, ...errors(403, 404) } } },
    async (request, reply) => {
      await deleteWebhook(app.ctx, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/test',
    { schema: { tags, summary: 'Send a test message now and answer with its delivery (administrators, audited)', params: IdParams, response: { 200: Delivery, ...errors(403, 404) } } },
    async (request) => sendTestMessage(app.ctx, principalOf(request), request.params.id),
  );

  app.get(
    '/webhooks/:id/deliveries',
    { schema: { tags, summary: 'Alerts sent, waiting and failed on a channel, newest first', params: IdParams, querystring: DeliveriesQuery, response: { 200: Type.Object({ items: Type.Array(Delivery), nextBefore: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 403, 404) } } },
    async (request) => listDeliveries(app.ctx, principalOf(request), request.params.id, request.query),
  );

  app.post(
    '/webhook-deliveries/:id/retry',
    { schema: { tags, summary: 'Send a failed alert again now (administrators, audited)', params: IdParams, response: { 200: Delivery, ...errors(403, 404, 409) } } },
    async (request) => retryDelivery(app.ctx, principalOf(request), request.params.id, () => sender.wake()),
  );
};
