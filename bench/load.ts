// A small closed-loop HTTP load generator: N keep-alive connections, each sending its next request as soon as
// the previous one answered, for a fixed time. Enough to compare routes against a baseline in the same run.
import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50ms: number;
  p99ms: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** POST this body (made fresh for every request); GET when absent */
  body?: () => string;
  /** the status that counts as success */
  expect?: number;
}

export async function load(url: string, opts: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + opts.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const payload = opts.body?.();
      const headers = payload ? { ...opts.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : opts.headers;
      const req = http.request({ agent, method: payload ? 'POST' : 'GET', host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== (opts.expect ?? 200)) errors++;
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10;
  return { requests: latencies.length, errors, rps: Math.round(latencies.length / elapsed), p50ms: at(0.5), p99ms: at(0.99) };
}
