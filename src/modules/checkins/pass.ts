// The personal pass: a signed token naming a check-in group, shown as a QR on the phone for officers to scan.
// It carries no personal data; an officer's scan looks the check-in up (in scope, audited).
import type { Ctx } from '../../core/context.ts';
import { deriveKey, signToken, verifyToken, type TokenKey } from '../../core/signed-token.ts';

const PASS_DAYS = 14;
const keys = new WeakMap<Buffer, TokenKey>();

function passKey(ctx: Ctx): TokenKey {
  let k = keys.get(ctx.sessionKey);
  if (!k) keys.set(ctx.sessionKey, (k = deriveKey(ctx.sessionKey, 'pass')));
  return k;
}

export function issuePass(ctx: Ctx, groupId: string, at: number): string {
  return signToken({ p: 1, g: groupId, iat: Math.floor(at / 1000), exp: Math.floor(at / 1000) + PASS_DAYS * 86_400 }, passKey(ctx));
}

export type PassCheck = { ok: true; groupId: string; issuedAt: number } | { ok: false; reason: 'invalid' | 'expired' };

export function checkPass(ctx: Ctx, token: string): PassCheck {
  const r = verifyToken<{ p: number; g: string; iat: number; exp: number }>(token, [passKey(ctx)]);
  if (!r.ok || r.payload.p !== 1 || typeof r.payload.g !== 'string') return { ok: false, reason: 'invalid' };
  if (ctx.clock.now() / 1000 > r.payload.exp) return { ok: false, reason: 'expired' };
  return { ok: true, groupId: r.payload.g, issuedAt: r.payload.iat * 1000 };
}
