// Builds the Fastify app from a runtime (config, database, services' context). Nothing global.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Ctx } from './core/context.ts';
import { localeFrom, type Locale } from './core/messages.ts';
import type { Database } from './db/database.ts';
import { authPlugin } from './http/auth.ts';
import { registerDocs } from './http/docs.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerRefusalAudit } from './http/refusal-audit.ts';
import { healthRoutes } from './http/health.ts';
import { ErrorBody } from './http/schemas.ts';
import { registerSecurity } from './http/security.ts';
import { validatorCompiler } from './http/validation.ts';
import { registerWeb } from './http/web.ts';
import { analyticsRoutes } from './modules/analytics/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { checkinRoutes } from './modules/checkins/routes.ts';
import { officerRoutes } from './modules/checkins/officer-routes.ts';
import { decisionRoutes } from './modules/decisions/routes.ts';
import { exportRoutes } from './modules/exports/routes.ts';
import { AlertOutbox } from './modules/notifications/outbox.ts';
import { riskRoutes } from './modules/risk/routes.ts';
import { listRoutes } from './modules/lists/routes.ts';
import { liveRoutes } from './modules/live/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { startPgEventBridge } from './db/pg-event-bridge.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { divisionRoutes } from './modules/divisions/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { checkinIndexPass } from './modules/people/checkin-indexer.ts';
import { floatingHouseholdPass } from './modules/grid/floating-households.ts';
import { personRoutes } from './modules/people/routes.ts';
import { siteRoutes } from './modules/sites/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { ImportJobs } from './modules/imports/jobs.ts';
import { importRoutes } from './modules/imports/routes.ts';
import { matchingRoutes } from './modules/matching/routes.ts';
import { ReportJobs } from './modules/reports/jobs.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { tracingRoutes } from './modules/tracing/routes.ts';
import { ReportSchedule } from './modules/reports/schedule.ts';
import { gridRoutes } from './modules/grid/routes.ts';
import { observationRoutes, publicObservationRoutes } from './modules/grid/observation-routes.ts';
import { gridSchedule } from './modules/grid/schedule.ts';
import { retentionSchedule } from './modules/retention/schedule.ts';
import type { Runtime } from './runtime.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: Ctx;
    database: Database;
  }
  interface FastifyRequest {
    locale: Locale;
  }
}

export interface AppOptions {
  logger?: boolean | object;
  /** run queued list imports in this process (default true) */
  importJobs?: boolean;
  /** build queued reports in this process (default true); the schedule runs when config.reports.schedule is on */
  reportJobs?: boolean;
  /** run the grid's minute schedule (escalations, missed reports, evening summaries) in this process (default true) */
  gridSchedule?: boolean;
  /** run the daily retention purge in this process when config.retention.schedule is on (default true) */
  retention?: boolean;
}

export async function buildApp(runtime: Runtime, opts: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = runtime;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Let in-flight requests finish on close; new ones get 503 meanwhile.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', runtime.ctx);
  app.decorate('database', runtime.database);
  app.decorateRequest('locale', 'zh');
  app.addHook('onRequest', async (request) => {
    request.locale = localeFrom(request.headers['accept-language']);
  });
  // On shutdown, answers still in flight close their keep-alive connection, so close() does not wait for
  // the client's idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addSchema(ErrorBody);
  registerErrorHandling(app);
  // before every route: the onError hook applies to routes registered after it
  registerRefusalAudit(app);

  await registerSecurity(app, config.rateLimit.perMinute);
  await app.register(cookie);
  await registerDocs(app);
  await app.register(authPlugin);

  await app.register(healthRoutes);
  // List imports run in a worker thread of this instance, one at a time; stopped (back to the queue) on close.
  const importJobs = opts.importJobs === false ? undefined : new ImportJobs(runtime.ctx, config, app.log);
  if (importJobs) {
    app.addHook('onReady', async () => importJobs.start());
    app.addHook('onClose', () => importJobs.stop());
  }
  // Reports are built in this process, one at a time; the schedule queues the daily and weekly ones.
  const reportJobs = opts.reportJobs === false ? undefined : new ReportJobs(runtime.ctx, { log: app.log });
  if (reportJobs) {
    app.addHook('onReady', async () => reportJobs.start());
    app.addHook('onClose', () => reportJobs.stop());
  }
  if (config.reports.schedule) {
    const schedule = new ReportSchedule(runtime.ctx, config.reports, { log: app.log, onQueued: () => reportJobs?.wake() });
    app.addHook('onReady', async () => schedule.start());
    app.addHook('onClose', () => schedule.stop());
  }
  // Check-ins, decisions and the grid's escalations write the deliveries of their alerts in their own transactions.
  const alerts = new AlertOutbox();
  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(orgRoutes);
      await api.register(userRoutes);
      await api.register(siteRoutes);
      await api.register(auditRoutes);
      await api.register(divisionRoutes);
      await api.register(checkinRoutes, { alerts });
      await api.register(officerRoutes);
      await api.register(decisionRoutes, { alerts });
      await api.register(riskRoutes);
      await api.register(liveRoutes);
      await api.register(notificationRoutes, { alerts });
      await api.register(listRoutes);
      await api.register(importRoutes, { jobs: importJobs });
      await api.register(exportRoutes);
      await api.register(personRoutes);
      await api.register(matchingRoutes);
      await api.register(reportRoutes, { jobs: reportJobs });
      await api.register(tracingRoutes);
      await api.register(analyticsRoutes);
      await api.register(gridRoutes);
      await api.register(observationRoutes);
      await api.register(publicObservationRoutes);
    },
    { prefix: '/api/v1' },
  );
  // Escalations and evening summaries queue deliveries: the sender is woken as for alerts.
  if (opts.gridSchedule !== false) {
    const grid = gridSchedule(runtime.ctx, { log: app.log, onQueued: () => alerts.queued() });
    app.addHook('onReady', async () => grid.start());
    app.addHook('onClose', () => grid.stop());
  }
  // Check-ins and health records past their retention, once a day across the instances.
  if (opts.retention !== false && config.retention.schedule) {
    const retention = retentionSchedule(runtime.ctx, { log: app.log });
    app.addHook('onReady', async () => retention.start());
    app.addHook('onClose', () => retention.stop());
  }
  await registerWeb(app, config.webDir);
  // The person index follows the check-ins in the background; stopped before the database closes.
  const personIndexer = checkinIndexPass(runtime.ctx, app.log);
  app.addHook('onReady', async () => personIndexer.start());
  app.addHook('onClose', async () => personIndexer.stop());
  // Floating registrations join the households of the addresses they give, behind the check-ins like the index.
  const floatingHouseholds = floatingHouseholdPass(runtime.ctx, app.log);
  app.addHook('onReady', async () => floatingHouseholds.start());
  app.addHook('onClose', async () => floatingHouseholds.stop());
  if (config.database.kind === 'postgres') {
    const bridge = await startPgEventBridge(config.database.url, runtime.database.db, runtime.ctx.events, app.log);
    app.addHook('onClose', () => bridge.stop());
  }
  return app;
}
