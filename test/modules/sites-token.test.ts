// Site tokens without a database: what the signature and the validity window refuse, each with its own code.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { signSiteToken, siteTokenKeys, validityWindow, verifySiteToken, DAY_MS } from '../../src/modules/sites/token.ts';

const keys = siteTokenKeys(crypto.randomBytes(32));
const NOW = Date.UTC(2026, 10, 28, 8, 0, 0);
const issue = (over: Partial<{ code: string; generation: number; nbfMs: number; expMs: number }> = {}) =>
  signSiteToken(keys, { code: 'CP7K2Q', generation: 3, ...validityWindow(NOW), ...over });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('site tokens', () => {
  it('round-trips the site code, generation and a window of 365 days', () => {
    const p = verifySiteToken(keys.keys, issue(), NOW);
    expect(p).toMatchObject({ v: 1, kid: 's1', s: 'CP7K2Q', g: 3 });
    expect(p.exp * 1000 - p.nbf * 1000).toBe(365 * DAY_MS);
    expect(issue()).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a signature made with another key', () => {
    const other = siteTokenKeys(crypto.randomBytes(32));
    const forged = signSiteToken(other, { code: 'CP7K2Q', generation: 3, ...validityWindow(NOW) });
    expect(codeOf(() => verifySiteToken(keys.keys, forged, NOW))).toBe('site.token_invalid');
  });

  it('refuses a payload changed after signing (another site, a later expiry), keeping the old signature', () => {
    const [body, sig] = issue().split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    for (const change of [{ s: 'XXXXXX' }, { exp: payload.exp + 3650 * 86400 }, { g: 4 }]) {
      const altered = Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url');
      expect(codeOf(() => verifySiteToken(keys.keys, `${altered}.${sig}`, NOW))).toBe('site.token_invalid');
    }
  });

  it('refuses a flipped signature character, an unknown key id and garbage', () => {
    const token = issue();
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const flipped = token.slice(0, -2) + last + token.at(-1);
    expect(codeOf(() => verifySiteToken(keys.keys, flipped, NOW))).toBe('site.token_invalid');
    const rotatedKeys = { active: 's2', keys: new Map([['s2', crypto.randomBytes(32)]]) };
    expect(codeOf(() => verifySiteToken(keys.keys, signSiteToken(rotatedKeys, { code: 'CP7K2Q', generation: 1, ...validityWindow(NOW) }), NOW))).toBe('site.token_invalid');
    for (const junk of ['', '.', 'abc', 'a.b.c', `${Buffer.from('not json').toString('base64url')}.x`, 'ä.ö']) {
      expect(codeOf(() => verifySiteToken(keys.keys, junk, NOW)), junk).toBe('site.token_invalid');
    }
  });

  it('refuses a token past its expiry and one not valid yet, with site.token_expired', () => {
    const token = issue();
    expect(codeOf(() => verifySiteToken(keys.keys, token, NOW + 364 * DAY_MS))).toBe('accepted');
    expect(codeOf(() => verifySiteToken(keys.keys, token, NOW + 366 * DAY_MS))).toBe('site.token_expired');
    const future = issue({ nbfMs: NOW + 2 * DAY_MS, expMs: NOW + 30 * DAY_MS });
    expect(codeOf(() => verifySiteToken(keys.keys, future, NOW))).toBe('site.token_expired');
  });
});

describe('TRACEGRID_PUBLIC_URL', () => {
  it('defaults to localhost on the port, drops a trailing slash, and refuses what is not an http(s) URL', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    const env = { TRACEGRID_DATA_DIR: '/tmp/tracegrid-unused' };
    expect(loadConfig({ ...env, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...env, TRACEGRID_PUBLIC_URL: 'https://reg.example.org/tg/' }).publicUrl).toBe('https://reg.example.org/tg');
    for (const bad of ['reg.example.org', 'ftp://x.org', 'https://x.org/?a=1']) {
      expect(() => loadConfig({ ...env, TRACEGRID_PUBLIC_URL: bad }), bad).toThrow(/TRACEGRID_PUBLIC_URL/);
    }
  });
});
