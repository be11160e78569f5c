// Security headers (CSP included) and rate limits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../core/errors.ts';
import { rateLimitStore, SharedRateCounter } from './shared-rate-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the rate counts of this instance, shared with the others on PostgreSQL (per-site check-in limits use it too) */
    rateCounter: SharedRateCounter;
  }
}

/**
 * Helmet's headers, computed once: they are the same for every response, and building them per request cost
 * about 5% of a check-in.
 */
function staticHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export async function registerSecurity(app: FastifyInstance, perMinute: number): Promise<void> {
  const headers = staticHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Element Plus and ECharts set inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Pages are same-origin only; the officer app's camera use later is same-origin too.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  // One counter for every limit of this app: on PostgreSQL its counts are summed over the instances.
  const counter = new SharedRateCounter({ db: app.database.db, dialect: app.database.dialect, log: app.log });
  app.decorate('rateCounter', counter);
  app.addHook('onClose', () => counter.stop());
  await app.register(rateLimit, {
    global: true,
    store: rateLimitStore(counter),
    max: perMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, context) => {
      const err = new DomainError('request.rate_limited', 'rate_limited', { retryAfter: Math.ceil(context.ttl / 1000) });
      return Object.assign(err, { statusCode: 429 });
    },
  });
}
