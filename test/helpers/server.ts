// A real server on a loopback port, for browser tests and tests that need real connections.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { bootstrapAdministrator } from '../../src/modules/users/service.ts';
import { createTestRuntime, type TestDialect, type TestRuntime } from './db.ts';
import { seedOrgTree } from './factories.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  runtime: TestRuntime;
  close(): Promise<void>;
}

export async function startServer(opts: { dialect?: TestDialect; adminPassword: string }): Promise<RunningServer> {
  const runtime = await createTestRuntime(opts.dialect ?? 'sqlite');
  await bootstrapAdministrator(runtime.ctx, { password: opts.adminPassword, regionCode: '150000', regionName: '内蒙古自治区' });
  await seedOrgTree(runtime.ctx);
  const app = await buildApp(runtime, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    runtime,
    async close() {
      await app.close();
      await runtime.dispose();
    },
  };
}

/** Same as startServer but only inject-ready (no port): most route tests use this. */
export async function buildTestApp(runtime: TestRuntime): Promise<FastifyInstance> {
  // the grid's minute schedule is run by the tests that need it, on their own clock (gridTick)
  const app = await buildApp(runtime, { logger: false, gridSchedule: false });
  await app.ready();
  return app;
}
