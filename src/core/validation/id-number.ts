// Identity document numbers: resident ID by GB 11643 (date and ISO 7064 MOD 11-2 check character), the other
// document types by their shape. Pure code: the phone page runs the same checks before sending.
import { fail, pass, type Check } from './result.ts';

export const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

export type ResidentIdReason = 'id.empty' | 'id.length' | 'id.format' | 'id.area' | 'id.birth_date' | 'id.checksum';
export type IdReason =
  | ResidentIdReason
  | 'id.type'
  | 'passport.format'
  | 'hk_macao_permit.format'
  | 'taiwan_permit.format'
  | 'foreign_permanent.format'
  | 'other_id.format';

export interface IdOptions {
  /** "now" in epoch ms, for the not-in-the-future check; defaults to the current time. */
  now?: number;
}

// Weights 2^(17-i) mod 11 of GB 11643 for the first 17 characters.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character of the first 17 digits of an 18-character resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** The 18-character form of a valid 15-digit legacy number (century 19 inserted, check character added). */
export function legacyIdTo18(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckChar(first17);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's date in China (UTC+8) as YYYYMMDD, compared as text with the birth date. */
function chinaToday(now: number): string {
  const d = new Date(now + 8 * 3600_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

function validDate(yyyymmdd: string, now: number): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days && yyyymmdd <= chinaToday(now);
}

const strip = (value: string) => value.replace(/\s+/g, '');

/** A resident ID number: 18 characters (last may be X), or a 15-digit legacy number. */
export function validateResidentId(raw: string, opts: IdOptions = {}): Check<string, ResidentIdReason> {
  const value = strip(raw).toUpperCase();
  if (value === '') return fail('id.empty');
  if (value.length !== 18 && value.length !== 15) return fail('id.length');
  if (value.length === 18 ? !/^\d{17}[\dX]$/.test(value) : !/^\d{15}$/.test(value)) return fail('id.format');
  // The area code need not exist today (codes change; old cards stay valid), only have the shape of one.
  if (!/^[1-8]/.test(value)) return fail('id.area');
  const now = opts.now ?? Date.now();
  const birth = value.length === 18 ? value.slice(6, 14) : `19${value.slice(6, 12)}`;
  if (!validDate(birth, now)) return fail('id.birth_date');
  if (value.length === 18 && residentIdCheckChar(value) !== value[17]) return fail('id.checksum');
  return pass(value);
}

// Shapes of the other documents, after removing spaces and upper-casing.
const SHAPES: Record<Exclude<IdType, 'resident_id'>, { re: RegExp; reason: IdReason }> = {
  // Chinese passports are E/G/D/S/P + 8 digits (or E + letter + 7 digits); foreign ones 5-17 letters and
  // digits with at least one digit. The foreign rule covers the Chinese ones.
  passport: { re: /^(?=.*\d)[A-Z0-9]{5,17}$/, reason: 'passport.format' },
  hk_macao_permit: { re: /^[HM](\d{8}|\d{10})$/, reason: 'hk_macao_permit.format' },
  // Card permits since 2015: 8 digits; older booklets: 10 digits with a letter (written in brackets) after them.
  taiwan_permit: { re: /^(\d{8}|\d{10}[A-Z]?)$/, reason: 'taiwan_permit.format' },
  // 2023 format: 18 characters starting with 9; 2004 format: 3 letters (country) + 12 digits.
  foreign_permanent: { re: /^(9\d{16}[\dX]|[A-Z]{3}\d{12})$/, reason: 'foreign_permanent.format' },
  other: { re: /^[A-Z0-9-]{3,30}$/, reason: 'other_id.format' },
};

export function isIdType(type: string): type is IdType {
  return (ID_TYPES as readonly string[]).includes(type);
}

/** Any document number by its type; the value comes back normalised (no spaces, upper case). */
export function validateIdNumber(type: string, raw: string, opts: IdOptions = {}): Check<string, IdReason> {
  if (!isIdType(type)) return fail('id.type');
  if (type === 'resident_id') return validateResidentId(raw, opts);
  let value = strip(raw).toUpperCase();
  if (value === '') return fail('id.empty');
  if (type === 'taiwan_permit') value = value.replace(/^(\d{10})[(（]([A-Z])[)）]$/, '$1$2');
  const shape = SHAPES[type];
  return shape.re.test(value) ? pass(value) : fail(shape.reason);
}
