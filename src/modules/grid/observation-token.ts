// The personal link of a home observation: `${publicUrl}/observe/#<token>`. The token is signed like site tokens and
// passes (src/core/signed-token.ts, under a key of its own) and carries only the observation id, the link's version
// and its expiry (a day after the observation ends): no personal data. The fragment never reaches server logs.
// Rotating the link bumps the observation's token_version, so the old token is refused.
import type { Ctx } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { deriveKey, signToken, verifyToken, type TokenKey } from '../../core/signed-token.ts';

const DAY_MS = 86_400_000;
/** The person can still open the page (and read "your observation has ended") for a day after the end. */
export const LINK_GRACE_MS = DAY_MS;

const keys = new WeakMap<Buffer, TokenKey>();

function linkKey(ctx: Ctx): TokenKey {
  let k = keys.get(ctx.sessionKey);
  if (!k) keys.set(ctx.sessionKey, (k = deriveKey(ctx.sessionKey, 'observation link')));
  return k;
}

interface LinkPayload {
  ob: 1;
  /** observation id */
  o: string;
  /** token version of the observation when the link was made */
  v: number;
  /** expiry, epoch seconds */
  exp: number;
}

export function issueObservationToken(ctx: Ctx, obs: { id: string; tokenVersion: number; endAt: number }): string {
  const payload: LinkPayload = { ob: 1, o: obs.id, v: obs.tokenVersion, exp: Math.floor((obs.endAt + LINK_GRACE_MS) / 1000) };
  return signToken({ ...payload }, linkKey(ctx));
}

export function observationLink(ctx: Ctx, token: string): string {
  return `${ctx.config.publicUrl}/observe/#${token}`;
}

/**
 * Signature and expiry; the version is checked against the row by the caller. Forged, altered or of another kind
 * -> observation.token_invalid; past its expiry -> observation.token_expired.
 */
export function readObservationToken(ctx: Ctx, token: string): { observationId: string; version: number } {
  const bad = () => invalid('observation.token_invalid', {}, 'token');
  const r = verifyToken<LinkPayload>(token.trim(), [linkKey(ctx)]);
  if (!r.ok) throw bad();
  const p = r.payload;
  if (p.ob !== 1 || typeof p.o !== 'string' || !Number.isInteger(p.v) || !Number.isInteger(p.exp)) throw bad();
  if (ctx.clock.now() >= p.exp * 1000) throw invalid('observation.token_expired', {}, 'token');
  return { observationId: p.o, version: p.v };
}
