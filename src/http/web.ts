// Serves the built pages (dist/web): the console, the officer app and the public registration page.
// Each page is a single-page app, so deep links fall back to the page's index.html.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const PAGES: Record<string, string> = { console: 'console', officer: 'officer', register: 'register', r: 'register', observe: 'observe' };
const SERVICE_WORKER = /^[a-z]+-sw\.js$/;

export async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const built = fs.existsSync(path.join(webDir, 'console', 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
      // The pages' service workers (register-sw.js, officer-sw.js) keep the asset list of one build: a phone must
      // see a new one at once, not an hour later. At the root, they may control any scope they register for.
      setHeaders: (reply, file) => {
        if (SERVICE_WORKER.test(path.relative(webDir, file))) reply.header('cache-control', 'no-cache');
      },
    });
  }
  app.get('/', { schema: { hide: true }, config: { public: true } }, (_req, reply) => reply.redirect('/console/'));
  for (const [prefix, page] of Object.entries(PAGES)) {
    const handler = async (_req: unknown, reply: import('fastify').FastifyReply) => {
      if (!built) {
        return reply.status(503).type('text/plain; charset=utf-8').send(`The web pages are not built. Run: npm run build:web (looked in ${webDir})`);
      }
      // The HTML must never be cached: a new build changes the asset names it points to.
      return reply.header('cache-control', 'no-cache').sendFile(`${page}/index.html`);
    };
    app.get(`/${prefix}`, { schema: { hide: true }, config: { public: true } }, (_req, reply) => reply.redirect(`/${prefix}/`));
    app.get(`/${prefix}/`, { schema: { hide: true }, config: { public: true } }, handler);
    app.get(`/${prefix}/*`, { schema: { hide: true }, config: { public: true } }, handler);
  }
}
