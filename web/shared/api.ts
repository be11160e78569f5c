// The one HTTP client of the pages: JSON in and out, the session cookie (same origin), the CSRF token on
// unsafe methods, the page language as Accept-Language, and errors as ApiError with the server's code and message.
import { currentLocale } from './i18n/locale.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Code of the ApiError thrown when the server could not be reached at all. */
export const NETWORK_ERROR = 'network';

type Query = Record<string, string | number | boolean | null | undefined>;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_GONE = new Set(['auth.required', 'auth.session_expired']);

let csrfToken: string | null = null;
let onSessionGone: ((error: ApiError) => void) | null = null;

/** Set from the login answer or from /me; cleared on logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header for a request made without `request()` (the officer app's assisted check-ins). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Called when a request finds that the session is gone (expired, revoked): the page returns to its login. */
export function onSessionExpired(handler: ((error: ApiError) => void) | null): void {
  onSessionGone = handler;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function errorFrom(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(res.status, error.code, typeof error.message === 'string' ? error.message : error.code);
  }
  return new ApiError(res.status, `http.${res.status}`, res.statusText || `HTTP ${res.status}`);
}

export async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLocale() };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, NETWORK_ERROR, e instanceof Error ? e.message : String(e));
  }
  const text = res.status === 204 ? '' : await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const error = errorFrom(res, body);
    if (SESSION_GONE.has(error.code)) onSessionGone?.(error);
    throw error;
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
