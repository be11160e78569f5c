// `tracegrid serve`: the HTTP server, with the first administrator created on first start.
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { demoTrafficSites, loadDemoRegion } from '../modules/demo/service.ts';
import { startDemoTraffic } from '../modules/demo/traffic.ts';
import { bootstrapAdministrator } from '../modules/users/service.ts';
import { openRuntime } from '../runtime.ts';
import { reportError } from './runtime.ts';

export async function serve(opts: { demo?: boolean }): Promise<void> {
  let rt;
  try {
    const config = loadConfig();
    rt = await openRuntime(config);
    const app = await buildApp(rt);
    // A promise nobody awaited failed (a background write while the database is away): logged, and the process
    // keeps serving instead of exiting on it.
    process.on('unhandledRejection', (e) => app.log.error({ err: e }, 'unhandled promise rejection'));
    if (rt.secrets.created) {
      app.log.warn(`Created a key file at ${rt.secrets.source} (mode 0600). Back it up: without it the personal data in this database cannot be read.`);
    }
    const boot = await bootstrapAdministrator(rt.ctx, {
      password: config.adminPassword,
      regionCode: process.env.TRACEGRID_REGION_CODE ?? '150000',
      regionName: process.env.TRACEGRID_REGION_NAME ?? '内蒙古自治区',
    });
    if (boot.generatedPassword) {
      // Printed once, on the terminal only: it is not kept anywhere in clear.
      process.stdout.write(`\n  First start: log in as "admin" with password ${boot.generatedPassword}\n  (set TRACEGRID_ADMIN_PASSWORD to choose it; change it in the console)\n\n`);
    }
    if (opts.demo) {
      const demo = await loadDemoRegion(rt.ctx);
      if (demo.created) process.stdout.write(`  Demo region loaded: ${demo.units} org units, ${demo.users} users, ${demo.sites} registration sites (password ${demo.password}).\n`);
      // Three weeks of modest history on first load, so the dashboard has trends to show from the start.
      const historyCount = Number(process.env.TRACEGRID_DEMO_HISTORY ?? 20_000);
      if (demo.created && historyCount > 0) {
        const { generateHistory, indexHistoryPeople, openHistoryWriter } = await import('../modules/demo/history.ts');
        const writer = openHistoryWriter(rt.database);
        try {
          const history = await generateHistory(rt.ctx, writer, { checkins: historyCount, days: 21 });
          await indexHistoryPeople(rt.ctx);
          process.stdout.write(`  Demo history: ${history.checkins} check-ins from ${history.from} to ${history.to} (TRACEGRID_DEMO_HISTORY=0 skips it).\n`);
          const traced = await (await import('../modules/demo/outbreak.ts')).plantDemoCase(rt.ctx);
          if (traced) process.stdout.write(`  Demo case confirmed in 新城区 and traced: ${traced.contacts} contacts (console: 流调溯源).\n`);
        } finally {
          await writer.close();
        }
      }
    }
    let stopTraffic = () => {};
    const shutdown = async (signal: string) => {
      app.log.info(`${signal}: finishing in-flight requests`);
      stopTraffic();
      await app.close();
      await rt!.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
    const address = await app.listen({ port: config.port, host: config.host });
    process.stdout.write(`  TraceGrid is running: ${address.replace('0.0.0.0', 'localhost')}/console/  (API docs: /api/docs)\n`);
    if (opts.demo && process.env.TRACEGRID_DEMO_TRAFFIC !== 'off') {
      stopTraffic = startDemoTraffic(app, await demoTrafficSites(rt.ctx));
      process.stdout.write(`  Demo traffic: synthetic people register at the demo sites every few seconds (TRACEGRID_DEMO_TRAFFIC=off stops it).\n  Officer app: ${address.replace('0.0.0.0', 'localhost')}/officer/ (officer-150102 and the demo password)\n`);
    }
  } catch (e) {
    await rt?.close();
    process.exitCode = reportError(e);
  }
}
