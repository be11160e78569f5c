// Calling the app through inject as a logged-in user: cookie and CSRF header handled.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { PASSWORD } from './factories.ts';

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tg_session')!;
  return { cookie: `tg_session=${cookie.value}`, csrf: res.json().csrfToken };
}

export function as(app: FastifyInstance, session: Session | null) {
  const call = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      ...(payload !== undefined && { payload: payload as never }),
      headers: { ...(session && { cookie: session.cookie, 'x-csrf-token': session.csrf }), ...headers },
    });
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload ?? {}, headers),
    patch: (url: string, payload: unknown, headers?: Record<string, string>) => call('PATCH', url, payload, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}
