// A list entry's personal values as they were received: one sealed JSON document per entry.
import type { Ctx } from '../../core/context.ts';

/** The encryption context of a list entry's sealed document. */
export const LIST_ENTRY_PII_CONTEXT = 'list_entry.pii';

export interface ListEntryPii {
  name: string;
  idType?: string;
  idNumber?: string;
  phone?: string;
  gender?: string;
  birthDate?: string;
  address?: string;
}

export function sealEntryPii(ctx: Pick<Ctx, 'cipher'>, pii: ListEntryPii): string {
  return ctx.cipher.encrypt(LIST_ENTRY_PII_CONTEXT, JSON.stringify(pii));
}

export function openEntryPii(ctx: Pick<Ctx, 'cipher'>, row: { piiEnc: string }): ListEntryPii {
  return JSON.parse(ctx.cipher.decrypt(LIST_ENTRY_PII_CONTEXT, row.piiEnc)) as ListEntryPii;
}
