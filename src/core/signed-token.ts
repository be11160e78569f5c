// Signed tokens (payload.signature, both base64url; HMAC-SHA256 under a key id) for QR codes and passes:
// they carry ids and validity, never personal data.
import crypto from 'node:crypto';

// Buffer's base64url decoding skips characters outside the alphabet: refuse them instead.
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface TokenKey {
  kid: string;
  key: Buffer;
}

/** A purpose-specific key derived from a secret, so one token kind can never be accepted as another. */
export function deriveKey(secret: Buffer, purpose: string, kid = 's1'): TokenKey {
  return { kid, key: Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), `tracegrid ${purpose}`, 32)) };
}

export function signToken(payload: Record<string, unknown>, key: TokenKey): string {
  const body = Buffer.from(JSON.stringify({ ...payload, kid: key.kid })).toString('base64url');
  const sig = crypto.createHmac('sha256', key.key).update(body).digest('base64url');
  return `${body}.${sig}`;
}

export type VerifyResult<T> = { ok: true; payload: T & { kid: string } } | { ok: false; reason: 'malformed' | 'bad_signature' | 'unknown_key' };

/** Checks the signature with the key its kid names; validity windows are the caller's to check. */
export function verifyToken<T>(token: string, keys: TokenKey[]): VerifyResult<T> {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || body.length > 2048 || !B64URL.test(body) || !B64URL.test(sig)) return { ok: false, reason: 'malformed' };
  let payload: T & { kid: string };
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!payload || typeof payload !== 'object' || typeof payload.kid !== 'string') return { ok: false, reason: 'malformed' };
  const key = keys.find((k) => k.kid === payload.kid);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const expected = crypto.createHmac('sha256', key.key).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, payload };
}
