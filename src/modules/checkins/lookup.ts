// Look-up of check-ins by ID number, phone or plate: exact, through the blind indexes, so no row is decrypted to
// search. The value is normalised as registration normalised it. Every look-up is audited with its purpose.
import type { Actor, Ctx } from '../../core/context.ts';
import { recordAudit } from '../../core/audit.ts';
import { invalid } from '../../core/errors.ts';
import { maskIdNumber, maskPhone, maskPlate } from '../../core/masking.ts';
import { MIN_PURPOSE_LENGTH } from '../../core/reveal.ts';
import { commonPath } from '../../core/scope.ts';
import { validateResidentId } from '../../core/validation/id-number.ts';
import { validatePhone } from '../../core/validation/phone.ts';
import { normalizePlate } from '../../core/validation/plate.ts';
import { maskedViews, requireReader, type CheckinView } from './read-service.ts';
import { findByBlindIndex, type LookupKey } from './store.ts';
import type { BlindIndexKind } from '../../core/crypto.ts';

export const LOOKUP_BY = ['idNumber', 'phone', 'plate'] as const;
export type LookupBy = (typeof LOOKUP_BY)[number];

const LIMIT = 50;

/** The value as registration stored it, its blind index kind and column, and the mask the audit log keeps. */
function keyOf(by: LookupBy, raw: string): { value: string; index: BlindIndexKind; column: LookupKey; masked: string | null } {
  switch (by) {
    case 'idNumber': {
      // A resident ID is checked and brought to 18 characters; other documents are stored upper case, unspaced.
      const resident = validateResidentId(raw);
      const value = resident.ok ? resident.value : raw.replace(/\s+/g, '').toUpperCase();
      return { value, index: 'id_number', column: 'idBidx', masked: maskIdNumber(value) };
    }
    case 'phone': {
      const r = validatePhone(raw);
      if (!r.ok) throw invalid(`validation.${r.reason}`, {}, 'value');
      return { value: r.value, index: 'phone', column: 'phoneBidx', masked: maskPhone(r.value) };
    }
    case 'plate': {
      const value = normalizePlate(raw);
      return { value, index: 'plate', column: 'plateBidx', masked: maskPlate(value) };
    }
  }
}

export async function lookupCheckins(ctx: Ctx, actor: Actor, by: LookupBy, raw: string, purpose: string): Promise<{ items: CheckinView[] }> {
  requireReader(actor);
  const why = purpose.trim();
  if (why.length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'purpose');
  const key = keyOf(by, raw);
  if (key.value.length < 2) throw invalid('lookup.value_required', {}, 'value');
  const rows = await findByBlindIndex(ctx.db, actor.scope, key.column, ctx.blindIndex.of(key.index, key.value), LIMIT);
  // The log says who looked for whom (masked) and why, and how many check-ins they saw; never the clear value.
  await recordAudit(ctx, actor, {
    action: 'lookup',
    targetType: 'checkin',
    targetId: rows[0]?.id ?? null,
    purpose: why,
    orgPath: commonPath(actor.scope.paths),
    detail: { by, value: key.masked, found: rows.length },
  });
  return { items: await maskedViews(ctx, actor, rows) };
}
