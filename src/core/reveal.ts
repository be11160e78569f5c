// The reveal path: a personal value in clear only with a stated purpose, and always with an audit entry.
import { recordAudit, type AuditActor } from './audit.ts';
import { inTransaction, type Ctx } from './context.ts';
import { invalid } from './errors.ts';

export const MIN_PURPOSE_LENGTH = 4;

export interface RevealRequest {
  /** e.g. "user.phone": names the encryption context and the audited field */
  field: string;
  ciphertext: string | null;
  purpose: string;
  targetType: string;
  targetId: string;
  orgPath: string | null;
}

export async function revealField(ctx: Ctx, actor: AuditActor, req: RevealRequest): Promise<string | null> {
  const purpose = req.purpose.trim();
  if (purpose.length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'purpose');
  // Decrypt first, so a failure is not recorded as a reveal that never happened; then audit before returning.
  const value = req.ciphertext === null ? null : ctx.cipher.decrypt(req.field, req.ciphertext);
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, actor, {
      action: 'reveal',
      targetType: req.targetType,
      targetId: req.targetId,
      purpose,
      orgPath: req.orgPath,
      detail: { field: req.field },
    }),
  );
  return value;
}
