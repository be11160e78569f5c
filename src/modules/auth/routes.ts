import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clearSessionCookie, principalOf, setSessionCookie } from '../../http/auth.ts';
import { errors, IdParams, NoContent } from '../../http/schemas.ts';
import { createApiToken, listApiTokens, login, logout, revokeApiToken, type Principal } from './service.ts';
import { disableTotp, enableTotp, setupTotp } from './totp-service.ts';
import { LoginBody, LoginReply, Me, NewToken, TokenBody, TokenInfo, TotpCode, TotpSetup } from './schema.ts';

function meOf(p: Principal) {
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    scopes: p.scopeUnits.map(({ id, code, name, level }) => ({ id, code, name, level })),
    totpEnabled: p.totpEnabled,
    csrfToken: p.csrfToken,
  };
}

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['auth'];
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: app.ctx.config.rateLimit.loginPerMinute, timeWindow: '1 minute' } },
      schema: { tags, body: LoginBody, response: { 200: LoginReply, ...errors(400, 403, 423) } },
    },
    async (request, reply) => {
      const { sessionToken, principal } = await login(app.ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, sessionToken, request.protocol === 'https', app.ctx.config.session.absoluteHours * 3600);
      return { user: meOf(principal), csrfToken: principal.csrfToken! };
    },
  );

  app.post('/auth/logout', { schema: { tags, response: { 204: NoContent, ...errors(403) } } }, async (request, reply) => {
    await logout(app.ctx, principalOf(request));
    clearSessionCookie(reply);
    return reply.status(204).send(null);
  });

  app.get('/me', { schema: { tags, response: { 200: Me, ...errors() } } }, async (request) => meOf(principalOf(request)));

  app.get('/me/tokens', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(TokenInfo) }), ...errors() } } }, async (request) => ({
    items: await listApiTokens(app.ctx, principalOf(request)),
  }));

  app.post('/me/tokens', { schema: { tags, body: TokenBody, response: { 201: NewToken, ...errors(400, 403) } } }, async (request, reply) =>
    reply.status(201).send(await createApiToken(app.ctx, principalOf(request), request.body.name)),
  );

  app.delete('/me/tokens/:id', { schema: { tags, params: IdParams, response: { 204: NoContent, ...errors(403, 404) } } }, async (request, reply) => {
    await revokeApiToken(app.ctx, principalOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/me/totp/setup', { schema: { tags, response: { 200: TotpSetup, ...errors(400, 403) } } }, async (request) => setupTotp(app.ctx, principalOf(request)));

  app.post('/me/totp/enable', { schema: { tags, body: TotpCode, response: { 204: NoContent, ...errors(400, 403) } } }, async (request, reply) => {
    await enableTotp(app.ctx, principalOf(request), request.body.code);
    return reply.status(204).send(null);
  });

  app.post('/me/totp/disable', { schema: { tags, body: TotpCode, response: { 204: NoContent, ...errors(400, 403) } } }, async (request, reply) => {
    await disableTotp(app.ctx, principalOf(request), request.body.code);
    return reply.status(204).send(null);
  });
};
