// A fixed-window counter per key, in this process: a per-site ceiling on public registrations, so one poster
// photographed and scripted cannot flood a site's feed. (Per-address limits use @fastify/rate-limit.)
export class WindowLimiter {
  private counts = new Map<string, number>();
  private windowStart = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one hit; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string, now = Date.now()): number {
    if (now - this.windowStart >= this.windowMs) {
      this.counts.clear();
      this.windowStart = now;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n > this.max ? Math.ceil((this.windowStart + this.windowMs - now) / 1000) : 0;
  }
}
