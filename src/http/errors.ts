// The only place where errors become HTTP status codes and the one error body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../core/errors.ts';
import { formatMessage } from '../core/messages.ts';
import { describeValidationError } from './validation.ts';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '25006', 'SQLITE_BUSY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN']);

type DatabaseFault = 'db.unavailable' | 'db.full' | 'db.read_only';

/**
 * Why the database cannot take the request, if that is the error: full storage (SQLite's disk, PostgreSQL's 53100)
 * and read-only storage are told apart from an unreachable database, since the operator's fix differs. SQLite's
 * extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...) count as their primary code.
 */
function databaseFault(err: unknown): DatabaseFault | null {
  const e = err as { code?: string; message?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  const primary = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
  if (primary === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC') return 'db.full';
  if (primary === 'SQLITE_READONLY' || code === 'EROFS') return 'db.read_only';
  if (DB_DOWN_CODES.has(primary) || /Connection terminated|timeout exceeded when trying to connect|not queryable/i.test(e.message ?? '')) return 'db.unavailable';
  return null;
}

function send(reply: FastifyReply, status: number, code: string, message: string, field?: string) {
  return reply.status(status).type('application/json').send({ error: { code, message, ...(field && { field }) } });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, request: FastifyRequest, reply: FastifyReply) => {
    const locale = request.locale;
    if (err instanceof DomainError) {
      const status = STATUS[err.kind];
      if (status === 429 && err.params.retryAfter) reply.header('retry-after', String(err.params.retryAfter));
      if (status === 500) request.log.error({ err }, 'domain error with internal kind');
      return send(reply, status, err.code, formatMessage(locale, err.code, err.params), err.field);
    }
    const fe = err as FastifyError;
    if (fe.validation && fe.validation.length) {
      const d = describeValidationError(fe.validation[0] as never, fe.validationContext, locale);
      return send(reply, 400, d.code, d.message, d.field);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, 'request.malformed_json', formatMessage(locale, 'request.malformed_json'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, 'request.too_large', formatMessage(locale, 'request.too_large', { limit: request.server.initialConfig.bodyLimit ?? 0 }));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, 'request.unsupported_media_type', formatMessage(locale, 'request.unsupported_media_type'));
    }
    if (fe instanceof SyntaxError || (fe.statusCode === 400 && /JSON/.test(fe.message))) {
      return send(reply, 400, 'request.malformed_json', formatMessage(locale, 'request.malformed_json'));
    }
    const fault = databaseFault(err);
    if (fault) {
      // One line per request without the stack: a full disk refuses every write, and logs may share that disk.
      const { code, message } = err as { code?: string; message?: string };
      request.log.warn({ code, error: message }, fault === 'db.unavailable' ? 'database unavailable' : fault === 'db.full' ? 'database storage full' : 'database storage read-only');
      // Clients (the register page, phones' queues) resend on 503 after retry-after; storage faults take an operator.
      reply.header('retry-after', fault === 'db.unavailable' ? '5' : '30');
      return send(reply, 503, fault, formatMessage(locale, fault));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(reply, fe.statusCode, 'validation.invalid', formatMessage(locale, 'validation.invalid', { detail: fe.message }));
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'internal', formatMessage(locale, 'internal'));
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'request.not_found', formatMessage(request.locale, 'request.not_found', { method: request.method, url: request.url.split('?')[0] })),
  );
}
