// A local endpoint standing in for a group robot or a webhook receiver: records every request, and can be told
// to fail the next N requests, or to hold them unanswered until released.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class WebhookServer {
  readonly received: ReceivedRequest[] = [];
  /** answer HTTP 500 to this many of the next requests */
  failNext = 0;
  /** answer HTTP 200 with a robot's refusal ({"errcode":310000}) to this many of the next requests */
  refuseNext = 0;
  /** answer HTTP 200 with a robot's rate-limit refusal (WeCom's {"errcode":45009}) to this many of the next requests */
  tooFastNext = 0;
  /** hold requests unanswered until release() */
  hang = false;
  private held: { path: string; res: http.ServerResponse }[] = [];
  private answers: string[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (this.hang) {
        this.held.push({ path: url.pathname, res });
        return;
      }
      this.answer(url.pathname, res);
    });
  });
  private base = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(pathAndQuery: string): string {
    return `${this.base}${pathAndQuery}`;
  }

  /** How many requests to `path` were answered. */
  answered(path: string): number {
    return this.answers.filter((p) => p === path).length;
  }

  /** Answers the held requests and stops holding. */
  release(): void {
    this.hang = false;
    for (const { path, res } of this.held.splice(0)) if (!res.destroyed) this.answer(path, res);
  }

  to(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  private answer(path: string, res: http.ServerResponse): void {
    this.answers.push(path);
    if (this.failNext > 0) {
      this.failNext--;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('robot is down');
    } else if (this.tooFastNext > 0) {
      this.tooFastNext--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":45009,"errmsg":"api freq out of limit"}');
    } else if (this.refuseNext > 0) {
      this.refuseNext--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":310000,"errmsg":"sign not match"}');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    }
  }

  async close(): Promise<void> {
    for (const { res } of this.held.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` holds (or returns a value), failing after `ms`: for state reached in the background. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`not reached within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
