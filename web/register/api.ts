// The three public calls of the phone page, with a timeout: on a weak network a request that hangs is a failure
// to reach the server, and the submission waits in the outbox instead.
import type { Accepted, Outcome, SiteInfo } from './outbox.ts';
import type { Lang } from './i18n/index.ts';
import type { CheckinBody } from './payload.ts';

const TIMEOUT_MS = 15_000;

export class PublicApiError extends Error {
  constructor(
    readonly status: number, // 0: the server was not reached
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Mongolian pages ask for Chinese server messages and show their own text for the codes they know. */
const acceptLanguage = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');

/**
 * Who sends: nobody (the public page, no cookie), or a logged-in staff member (the officer app's assisted
 * registration: the session cookie and the CSRF header, so the server records who entered the check-in).
 */
export type Sending = { session: false } | { session: true; headers: () => Record<string, string> };

const ANONYMOUS: Sending = { session: false };

async function call<T>(method: string, path: string, lang: Lang, body?: unknown, as: Sending = ANONYMOUS): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        'Accept-Language': acceptLanguage(lang),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(as.session ? as.headers() : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: controller.signal,
      credentials: as.session ? 'same-origin' : 'omit',
    });
  } catch (e) {
    throw new PublicApiError(0, 'network', e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = null; // an error page of a proxy, not our JSON
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new PublicApiError(res.status, error?.code ?? `http.${res.status}`, error?.message ?? res.statusText, error?.field);
  }
  return json as T;
}

export async function resolveSite(token: string, lang: Lang): Promise<SiteInfo> {
  const { site } = await call<{ site: SiteInfo }>('GET', `/api/v1/public/sites/resolve?token=${encodeURIComponent(token)}`, lang);
  return site;
}

export interface Division {
  code: string;
  name: string;
}

const divisionCache = new Map<string, Promise<Division[]>>();

/** Provinces (no parent), then the cities of a province, then the counties of a city; each level asked once. */
export function divisions(parent: string | null, lang: Lang): Promise<Division[]> {
  const cacheKey = parent ?? '';
  let found = divisionCache.get(cacheKey);
  if (!found) {
    const query = parent ? `?parent=${encodeURIComponent(parent)}` : '';
    found = call<{ items: Division[] }>('GET', `/api/v1/divisions${query}`, lang).then((r) => r.items);
    found.catch(() => divisionCache.delete(cacheKey)); // a failed level is asked again next time
    divisionCache.set(cacheKey, found);
  }
  return found;
}

/** One attempt to send a check-in: 5xx, 408, 429 and no answer are worth retrying; other 4xx are not. */
export async function sendCheckin(body: CheckinBody, as: Sending = ANONYMOUS): Promise<Outcome> {
  try {
    const accepted = await call<Accepted>('POST', '/api/v1/checkins', body.lang, body, as);
    return { ok: true, accepted };
  } catch (e) {
    if (!(e instanceof PublicApiError)) return { ok: false, retry: true };
    const error = e;
    if (error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429) return { ok: false, retry: true };
    return { ok: false, retry: false, code: error.code, message: error.message, field: error.field };
  }
}
