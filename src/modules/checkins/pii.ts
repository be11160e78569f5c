// A check-in's personal data: one sealed JSON document per row (name, document number, phone, plate, details).
import type { Ctx } from '../../core/context.ts';

/** The encryption context of a check-in's sealed personal document. */
export const PII_CONTEXT = 'checkin.pii';

/** What a check-in row holds in its sealed document. */
export interface CheckinPii {
  name: string;
  idNumber?: string;
  phone?: string;
  plate?: string;
  details?: Record<string, unknown>;
}

export function openPii(ctx: Ctx, row: { piiEnc: string }): CheckinPii {
  return JSON.parse(ctx.cipher.decrypt(PII_CONTEXT, row.piiEnc)) as CheckinPii;
}
