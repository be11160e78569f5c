// The three kinds of endpoint: what is sent to each, how it is signed, and what counts as delivered. Pure: no I/O.
//
// - WeCom group robot: POST {"msgtype":"markdown","markdown":{"content":...}} to its URL (…/webhook/send?key=…);
//   delivered when the answer is HTTP 200 with {"errcode":0}.
// - DingTalk group robot: POST {"msgtype":"markdown","markdown":{"title":...,"text":...}} to its URL; with a signing
//   secret ("SEC…") the URL gets &timestamp=<ms>&sign=<url-encoded base64 HMAC-SHA256 of "<timestamp>\n<secret>",
//   keyed by the secret>. DingTalk refuses a timestamp more than an hour off, so it is made at each attempt.
//   Delivered on HTTP 200 with {"errcode":0}.
// - Generic JSON webhook: POST the alert itself (see alert.ts). With a secret, X-TraceGrid-Signature is
//   "sha256=" + hex HMAC-SHA256, keyed by the secret, of "<X-TraceGrid-Timestamp>.<raw body>": the timestamp is
//   signed too, so a receiver can refuse an old request replayed. X-TraceGrid-Delivery is the same on every retry
//   of one alert, so a receiver can drop a repeat (a request that timed out here may have arrived there).
//   Delivered on any 2xx.
import crypto from 'node:crypto';
import { alertMarkdown, alertTitle, digestMarkdown, digestTitle, type Alert } from './alert.ts';

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function dingTalkSign(secret: string, timestamp: number): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function genericSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const isRobot = (kind: string) => kind === 'wecom' || kind === 'dingtalk';

/**
 * The request for one alert, or for a digest of several (robots only: a generic webhook gets one request per
 * alert, so `alert` is then always one).
 */
export function buildRequest(kind: WebhookKind, endpoint: { url: string; secret: string | null }, alert: Alert | Alert[], meta: { deliveryId: string; now: number }): OutgoingRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'TraceGrid-Notifier/1' };
  const alerts = Array.isArray(alert) ? alert : [alert];
  const markdown = (newline?: string) => (alerts.length === 1 ? alertMarkdown(alerts[0], newline) : digestMarkdown(alerts, newline));
  if (kind === 'wecom') {
    return { url: endpoint.url, headers, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown() } }) };
  }
  if (kind === 'dingtalk') {
    // DingTalk's Markdown joins single newlines: each line is its own paragraph.
    const title = alerts.length === 1 ? alertTitle(alerts[0]) : digestTitle(alerts);
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { title, text: markdown('\n\n') } });
    if (!endpoint.secret) return { url: endpoint.url, headers, body };
    const url = new URL(endpoint.url);
    url.searchParams.set('timestamp', String(meta.now));
    url.searchParams.set('sign', dingTalkSign(endpoint.secret, meta.now));
    return { url: url.toString(), headers, body };
  }
  if (alerts.length !== 1) throw new Error('a generic webhook gets one alert per request');
  const body = JSON.stringify(alerts[0]);
  headers['x-tracegrid-event'] = alerts[0].event;
  headers['x-tracegrid-delivery'] = meta.deliveryId;
  headers['x-tracegrid-timestamp'] = String(meta.now);
  if (endpoint.secret) headers['x-tracegrid-signature'] = genericSignature(endpoint.secret, meta.now, body);
  return { url: endpoint.url, headers, body };
}

/** `tooFast`: the robot refused for its rate limit (retried after the pause, not counted as an attempt). */
export type Outcome = { ok: true } | { ok: false; error: string; tooFast?: true };

/** WeCom 45009 (api freq out of limit); DingTalk 660026 and 130101 (send too fast). */
const TOO_FAST: Record<string, number[]> = { wecom: [45009], dingtalk: [660026, 130101] };

const MAX_ERROR = 300;

/** Whether the endpoint took the message; the robots answer HTTP 200 with a non-zero errcode when they refuse. */
export function judgeResponse(kind: WebhookKind, status: number, text: string): Outcome {
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR);
  if (status < 200 || status > 299) return { ok: false, error: `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}` };
  if (kind === 'generic') return { ok: true };
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return { ok: false, error: `not a robot answer: ${excerpt || '(empty)'}` };
  }
  if (answer?.errcode === 0) return { ok: true };
  const error = `errcode ${String(answer?.errcode)}: ${String(answer?.errmsg ?? '').slice(0, MAX_ERROR)}`;
  if (TOO_FAST[kind].includes(answer?.errcode as number)) return { ok: false, error, tooFast: true };
  return { ok: false, error };
}
