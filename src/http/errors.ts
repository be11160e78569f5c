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

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'SQLITE_BUSY', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR']);

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (!!e.code && DB_DOWN_CODES.has(e.code)) || /Connection terminated|timeout exceeded when trying to connect/i.test(e.message ?? '');
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
    if (isDatabaseDown(err)) {
      request.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(reply, 503, 'db.unavailable', formatMessage(locale, 'db.unavailable'));
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
