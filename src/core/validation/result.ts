// The shape every validator returns: the normalised value, or a stable reason code. Reason codes are turned into
// messages by the caller (`validation.<reason>` in src/core/messages.ts on the server, the page's own i18n on the phone).
export type Check<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R };

export const pass = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <R extends string>(reason: R): { ok: false; reason: R } => ({ ok: false, reason });

/** Every reason a validator can give; the message catalogue has `validation.<reason>` for each. */
export const REASONS = [
  'id.empty',
  'id.type',
  'id.length',
  'id.format',
  'id.area',
  'id.birth_date',
  'id.checksum',
  'passport.format',
  'hk_macao_permit.format',
  'taiwan_permit.format',
  'foreign_permanent.format',
  'other_id.format',
  'phone.empty',
  'phone.format',
  'plate.empty',
  'plate.type',
  'plate.province',
  'plate.format',
  'plate.type_mismatch',
  'temperature.format',
  'temperature.range',
  'division.format',
  'division.unknown',
] as const;

export type Reason = (typeof REASONS)[number];

/** The error code the server reports for a reason (a key of the message catalogue). */
export const reasonCode = (reason: Reason): `validation.${Reason}` => `validation.${reason}`;
