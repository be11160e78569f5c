// Signed site tokens, the part of the QR URL `/r/<token>` that names a site. Pure: no I/O.
// Format and signature: src/core/signed-token.ts (the same as the personal pass, under a key of its own).
// The payload carries no personal data: version, key id, site code, generation and validity window.
import { invalid } from '../../core/errors.ts';
import { deriveKey, signToken, verifyToken, type TokenKey } from '../../core/signed-token.ts';

export const TOKEN_VERSION = 1;
export const DAY_MS = 24 * 3600 * 1000;
/** A poster stays up for months. */
export const DEFAULT_VALIDITY_DAYS = 365;
/** Clocks of phones do not matter, but several server instances may disagree by a little. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface SiteTokenPayload {
  v: number;
  /** key id: lets a later key rotate in while tokens signed with this one still verify */
  kid: string;
  /** site code */
  s: string;
  /** token generation of the site */
  g: number;
  /** not before / expires, epoch seconds (shorter than ms: the QR stays small) */
  nbf: number;
  exp: number;
}

export type SigningKeys = ReadonlyMap<string, Buffer>;

const derived = new WeakMap<Buffer, { active: string; keys: SigningKeys }>();

/**
 * The key ring for site tokens, derived from the session secret so operators keep one secret less; derived once
 * per secret, since every check-in verifies a token.
 */
export function siteTokenKeys(sessionKey: Buffer): { active: string; keys: SigningKeys } {
  let ring = derived.get(sessionKey);
  if (!ring) {
    const s1 = deriveKey(sessionKey, 'site token', 's1');
    ring = { active: s1.kid, keys: new Map([[s1.kid, s1.key]]) };
    derived.set(sessionKey, ring);
  }
  return ring;
}

const tokenKeys = (keys: SigningKeys): TokenKey[] => [...keys].map(([kid, key]) => ({ kid, key }));

export function signSiteToken(keys: { active: string; keys: SigningKeys }, p: { code: string; generation: number; nbfMs: number; expMs: number }): string {
  const payload: Omit<SiteTokenPayload, 'kid'> = { v: TOKEN_VERSION, s: p.code, g: p.generation, nbf: Math.floor(p.nbfMs / 1000), exp: Math.floor(p.expMs / 1000) };
  return signToken(payload, { kid: keys.active, key: keys.keys.get(keys.active)! });
}

/**
 * Checks shape and signature, then the validity window. Forged or altered -> site.token_invalid;
 * outside its window -> site.token_expired. Whether the generation is still accepted needs the site row.
 */
export function verifySiteToken(keys: SigningKeys, token: string, now: number): SiteTokenPayload {
  const bad = () => invalid('site.token_invalid', {}, 'token');
  const r = verifyToken<SiteTokenPayload>(token, tokenKeys(keys));
  if (!r.ok) throw bad();
  const p = r.payload;
  // Signed by us, so the fields are ours; still checked, a future version may differ.
  if (p.v !== TOKEN_VERSION || typeof p.s !== 'string' || !Number.isInteger(p.g) || !Number.isInteger(p.nbf) || !Number.isInteger(p.exp)) throw bad();
  if (now + CLOCK_SKEW_MS < p.nbf * 1000 || now >= p.exp * 1000) throw invalid('site.token_expired', {}, 'token');
  return p;
}

/**
 * The window of a token issued now: it starts at the beginning of the UTC day, so QR codes printed on the same
 * day for the same generation are identical.
 */
export function validityWindow(now: number, days = DEFAULT_VALIDITY_DAYS): { nbfMs: number; expMs: number } {
  const nbfMs = Math.floor(now / DAY_MS) * DAY_MS;
  return { nbfMs, expMs: nbfMs + days * DAY_MS };
}
