// Phones registering at a site under load, as the register page does through a flaky network: every submission has
// its own idempotency key and is resent (same key, same body) until an instance acknowledges it. After a failure the
// phone tries the next instance (a load balancer would route it to a live one). Shared by the fault tests and
// bench/scale-ingest.ts.
import { idemKey, syntheticPerson } from '../helpers/people.ts';

/** One answer, or the absence of one (status 0: connection refused, reset or timed out). */
export interface Answer {
  at: number;
  url: string;
  key: string;
  status: number;
  /** error code of the body, or of the network failure */
  code?: string;
  /** error message of the body */
  message?: string;
  retryAfter?: string | null;
}

export interface PhoneRun {
  /** key -> id of every acknowledged submission */
  acked: Map<string, string>;
  /** keys of every submission sent at least once */
  sent: Set<string>;
  /** keys still unanswered when their phone gave up */
  unanswered: Set<string>;
  answers: Answer[];
  /** keys acknowledged twice with different ids: a resend stored as a second check-in */
  conflicting: string[];
}

export interface PhoneOptions {
  /** base URLs of the instances */
  urls: string[];
  phones: number;
  token: string;
  /** once true, phones start no new submission and finish the one they hold */
  stopping: () => boolean;
  /** how long a phone keeps resending its last submission once stopping (default 30 s) */
  finishWithinMs?: number;
  /** pause before a resend (default 100 ms) */
  resendDelayMs?: number;
  /** a request without an answer after this long counts as failed and is resent (default 15 s) */
  requestTimeoutMs?: number;
}

function networkCode(e: unknown): string {
  const err = e as { name?: string; cause?: { code?: string; name?: string }; code?: string };
  return err.cause?.code ?? err.code ?? err.cause?.name ?? err.name ?? 'network';
}

/**
 * Starts the phones: `run` fills as they go; `done` resolves once `stopping()` and every held submission is answered
 * (or given up).
 */
export function startPhones(opts: PhoneOptions): { run: PhoneRun; done: Promise<PhoneRun> } {
  const run: PhoneRun = { acked: new Map(), sent: new Set(), unanswered: new Set(), answers: [], conflicting: [] };
  const finishWithin = opts.finishWithinMs ?? 30_000;
  const resendDelay = opts.resendDelayMs ?? 100;
  let stopAt: number | undefined;
  const deadlinePassed = () => {
    if (!opts.stopping()) return false;
    stopAt ??= Date.now();
    return Date.now() - stopAt > finishWithin;
  };

  const phone = async (n: number) => {
    let target = n % opts.urls.length;
    while (!opts.stopping()) {
      const body = JSON.stringify({ token: opts.token, key: idemKey(), direction: 'in', person: syntheticPerson(), origin: '150102', destination: '150103', temperature: 36.6 });
      const key = (JSON.parse(body) as { key: string }).key;
      run.sent.add(key);
      for (;;) {
        const url = opts.urls[target];
        const answer: Answer = { at: Date.now(), url, key, status: 0 };
        try {
          const res = await fetch(`${url}/api/v1/checkins`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'accept-language': 'en' },
            body,
            signal: AbortSignal.timeout(opts.requestTimeoutMs ?? 15_000),
          });
          answer.status = res.status;
          answer.retryAfter = res.headers.get('retry-after');
          const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string; message?: string } };
          answer.code = json.error?.code;
          answer.message = json.error?.message;
          run.answers.push(answer);
          if ((res.status === 201 || res.status === 200) && json.id) {
            const before = run.acked.get(key);
            if (before && before !== json.id) run.conflicting.push(key);
            run.acked.set(key, json.id);
            break;
          }
          if (res.status < 500 && res.status !== 429) break; // refused for good: resending would not help
        } catch (e) {
          answer.code = networkCode(e);
          run.answers.push(answer);
        }
        if (deadlinePassed()) {
          run.unanswered.add(key);
          return;
        }
        target = (target + 1) % opts.urls.length;
        await new Promise((r) => setTimeout(r, resendDelay));
      }
    }
  };
  return { run, done: Promise.all(Array.from({ length: opts.phones }, (_, i) => phone(i))).then(() => run) };
}

/** Waits until `pred` holds, polling; throws after `ms`. */
export async function until(pred: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
