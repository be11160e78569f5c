// Motor vehicle plates by GA 36: the type is inferred from the shape; a type the person chose is checked against it.
import { fail, pass, type Check } from './result.ts';

export const PLATE_TYPES = ['ordinary', 'new_energy', 'trailer', 'coach', 'police', 'embassy', 'hk_macao', 'other'] as const;
export type PlateType = (typeof PLATE_TYPES)[number];

export type PlateReason = 'plate.empty' | 'plate.type' | 'plate.province' | 'plate.format' | 'plate.type_mismatch';

/** The 31 mainland province abbreviations, in the order of the phone page's province keyboard. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

const P = `[${PLATE_PROVINCES}]`;
const L = '[A-HJ-NP-Z]'; // issuing authority: a letter, never I or O (read as 1 and 0)
const A = '[A-HJ-NP-Z0-9]'; // serial characters

// Checked in this order; the shapes do not overlap (lengths or last characters differ).
const SHAPES: [Exclude<PlateType, 'other'>, RegExp][] = [
  ['ordinary', new RegExp(`^${P}${L}${A}{5}$`)],
  // small new-energy cars: D (electric) or F (hybrid) first; large vehicles: 5 digits then D or F
  ['new_energy', new RegExp(`^${P}${L}([DF]${A}{5}|\\d{5}[DF])$`)],
  ['trailer', new RegExp(`^${P}${L}${A}{4}挂$`)],
  ['coach', new RegExp(`^${P}${L}${A}{4}学$`)],
  ['police', new RegExp(`^${P}${L}${A}{4}警$`)],
  // embassies: 使 and 6 digits (country + serial; printed either side); consulates: province, letter, 4 digits, 领
  ['embassy', new RegExp(`^(使\\d{6}|\\d{6}使|${P}${L}\\d{4}领)$`)],
  // cross-border vehicles registered in Guangdong
  ['hk_macao', new RegExp(`^粤Z${A}{4}[港澳]$`)],
];

/** Upper case, without spaces, middle dots (京A·12345) and hyphens. */
export function normalizePlate(raw: string): string {
  return raw.replace(/[\s·•・･‧.-]/g, '').toUpperCase();
}

export function isPlateType(type: string): type is PlateType {
  return (PLATE_TYPES as readonly string[]).includes(type);
}

/** The type a plate's shape shows, or null if it has none of the GA 36 shapes. */
export function plateTypeOf(plate: string): Exclude<PlateType, 'other'> | null {
  for (const [type, re] of SHAPES) if (re.test(plate)) return type;
  return null;
}

/**
 * A plate, optionally with the type the person claims. `other` (military, foreign, old plates) takes any
 * 2-12 letters and digits in any script, since GA 36 does not describe them.
 */
export function validatePlate(raw: string, claimed?: string): Check<{ plate: string; type: PlateType }, PlateReason> {
  const plate = normalizePlate(raw);
  if (plate === '') return fail('plate.empty');
  if (claimed !== undefined && !isPlateType(claimed)) return fail('plate.type');
  if (claimed === 'other') return /^[\p{L}\p{N}]{2,12}$/u.test(plate) ? pass({ plate, type: 'other' }) : fail('plate.format');
  const type = plateTypeOf(plate);
  if (!type) {
    const first = plate[0];
    return PLATE_PROVINCES.includes(first) || first === '使' || /\d/.test(first) ? fail('plate.format') : fail('plate.province');
  }
  if (claimed !== undefined && claimed !== type) return fail('plate.type_mismatch');
  return pass({ plate, type });
}
