// Resolved site tokens, kept a few seconds: a checkpoint's queue sends the same token hundreds of times a minute,
// and verifying it and reading the site was the largest cost of a check-in. Only verified tokens are cached; a
// rotation, a disabled site or an expiry takes effect here within the TTL.
import type { IngestSite } from './service.ts';

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class ResolvedSiteCache {
  private entries = new Map<string, { site: IngestSite; until: number }>();

  get(token: string, now: number): IngestSite | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(token);
      return undefined;
    }
    return e.site;
  }

  set(token: string, site: IngestSite, now: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { site, until: now + TTL_MS });
  }
}
