// The throttle of refusal audit entries (pure): one entry a minute per caller and kind, carrying the refusals held
// back since the previous one; a bounded number of callers remembered.
import { describe, expect, it } from 'vitest';
import { RefusalThrottle } from '../../src/http/refusal-audit.ts';

describe('refusal throttle', () => {
  it('lets one entry a minute through per key, with the count of the refusals it stands for', () => {
    const t = new RefusalThrottle();
    expect(t.hit('a:1.2.3.4|site_token', 0)).toBe(1);
    for (let i = 1; i <= 9; i++) expect(t.hit('a:1.2.3.4|site_token', i * 1000)).toBeNull();
    expect(t.hit('a:1.2.3.4|pass', 5000)).toBe(1); // another kind
    expect(t.hit('a:5.6.7.8|site_token', 5000)).toBe(1); // another address
    expect(t.hit('a:1.2.3.4|site_token', 60_000)).toBe(10);
    expect(t.hit('a:1.2.3.4|site_token', 200_000)).toBe(1);
  });

  it('remembers a bounded number of callers under a flood of addresses', () => {
    const t = new RefusalThrottle();
    for (let i = 0; i < 50_000; i++) expect(t.hit(`a:10.${i}|site_token`, i)).toBe(1);
    expect((t as unknown as { callers: Map<string, unknown> }).callers.size).toBeLessThanOrEqual(10_000);
  });
});
