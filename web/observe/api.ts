// The two public calls of the observation page, with a timeout (a hanging request on a weak network is a failure to
// reach the server: the report waits on the phone), and the queue of reports not yet acknowledged.
import type { Lang } from './i18n.ts';

const TIMEOUT_MS = 15_000;
const QUEUE_KEY = 'tg_observe_outbox';

export interface Status {
  person: string | null;
  status: string;
  startAt: string;
  endAt: string;
  day: number | null;
  days: number;
  today: { am: boolean; pm: boolean };
  slot: 'am' | 'pm' | null;
}

export interface Report {
  token: string;
  clientId: string;
  temperature: number;
  symptoms: string[];
  /** the slot the page expected it to fill, for showing "waiting to send" */
  slot: 'am' | 'pm' | null;
  day: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number, // 0: not reached
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', lang: Lang, opts: { token?: string; body?: unknown }): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch('/api/v1/public/observation', {
      method,
      headers: {
        Accept: 'application/json',
        'Accept-Language': lang,
        ...(opts.token ? { 'x-observation-token': opts.token } : {}),
        ...(opts.body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: opts.body ? JSON.stringify(opts.body) : undefined,
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // a proxy's error page
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? `http.${res.status}`, error?.message ?? res.statusText);
  }
  return json as T;
}

export const fetchStatus = (token: string, lang: Lang) => call<Status>('GET', lang, { token });

/** Worth trying again: not reached, 5xx, 408, 429. Other refusals are final. */
export const retryable = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429;

export type Outcome = { ok: true; slot: 'am' | 'pm'; duplicate: boolean } | { ok: false; retry: boolean; code: string; message: string };

export async function sendReport(r: Report, lang: Lang): Promise<Outcome> {
  try {
    const ack = await call<{ slot: 'am' | 'pm'; duplicate: boolean }>('POST', lang, {
      body: { token: r.token, clientId: r.clientId, temperature: r.temperature, ...(r.symptoms.length ? { symptoms: r.symptoms } : {}) },
    });
    return { ok: true, ...ack };
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
    return { ok: false, retry: retryable(err), code: err.code, message: err.message };
  }
}

/** A random id of 22 URL-safe characters, made once per report before the first attempt. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reports kept on the phone until the server has them (localStorage; a page-lived store when it is refused). */
export class Queue {
  private memory: string | null = null;
  private sending = false;

  private read(): string | null {
    try {
      return localStorage.getItem(QUEUE_KEY);
    } catch {
      return this.memory;
    }
  }

  private write(value: string): void {
    try {
      localStorage.setItem(QUEUE_KEY, value);
    } catch {
      this.memory = value;
    }
  }

  list(): Report[] {
    try {
      const items = JSON.parse(this.read() ?? '[]') as unknown;
      return Array.isArray(items) ? (items as Report[]) : [];
    } catch {
      return [];
    }
  }

  add(r: Report): void {
    this.write(JSON.stringify([...this.list().filter((x) => x.clientId !== r.clientId), r]));
  }

  remove(clientId: string): void {
    this.write(JSON.stringify(this.list().filter((x) => x.clientId !== clientId)));
  }

  /** Sends what waits, oldest first, one attempt at a time; stops at the first failure to reach the server. */
  async flush(lang: Lang, onResult: (r: Report, o: Outcome) => void): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (const r of this.list()) {
        const o = await sendReport(r, lang);
        if (o.ok || !o.retry) this.remove(r.clientId);
        onResult(r, o);
        if (!o.ok && o.retry) break;
      }
    } finally {
      this.sending = false;
    }
  }
}
