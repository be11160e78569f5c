// Optional second factor: a user sets up a TOTP secret, proves it with a code, and from then on logs in with one.
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { invalid } from '../../core/errors.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../../core/totp.ts';
import * as users from '../users/login-state.ts';
import type { Principal } from './service.ts';

export async function setupTotp(ctx: Ctx, principal: Principal): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await users.findUserById(ctx, principal.userId);
  // Setting up again while enabled would let a stolen session replace the second factor.
  if (user?.totpEnabled) throw invalid('auth.totp_required', {}, 'totp');
  const secret = newTotpSecret();
  await users.storeTotpSecret(ctx, principal.userId, secret, false);
  return { secret, otpauthUrl: otpauthUrl(secret, principal.username) };
}

async function checkCode(ctx: Ctx, principal: Principal, code: string): Promise<void> {
  const user = await users.findUserById(ctx, principal.userId);
  const secret = user && users.totpSecretOf(ctx, user);
  if (!secret) throw invalid('auth.totp_not_setup', {}, 'code');
  const step = verifyTotp(secret, code, ctx.clock.now(), user.totpLastStep);
  if (step === null) throw invalid('auth.totp_invalid', {}, 'code');
  await users.recordTotpStep(ctx, principal.userId, step);
}

export async function enableTotp(ctx: Ctx, principal: Principal, code: string): Promise<void> {
  await checkCode(ctx, principal, code);
  await inTransaction(ctx, async (tx) => {
    const user = (await users.findUserById(tx, principal.userId))!;
    await users.storeTotpSecret(tx, principal.userId, users.totpSecretOf(tx, user), true);
    await recordAudit(tx, principal, { action: 'auth.totp_enable', targetType: 'user', targetId: principal.userId, orgPath: principal.homePath });
  });
}

export async function disableTotp(ctx: Ctx, principal: Principal, code: string): Promise<void> {
  await checkCode(ctx, principal, code);
  await inTransaction(ctx, async (tx) => {
    await users.storeTotpSecret(tx, principal.userId, null, false);
    await recordAudit(tx, principal, { action: 'auth.totp_disable', targetType: 'user', targetId: principal.userId, orgPath: principal.homePath });
  });
}
