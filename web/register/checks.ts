// Field checks of the phone page: the validators the server runs (src/core/validation, imported as
// `@validation`), turned into the page's own message keys. Each returns null when the value is acceptable.
import { normalizePhone, normalizePlate, PLATE_PROVINCES as PROVINCES, validateDivisionCode, validateIdNumber, validatePhone, validatePlate, validateTemperature } from '@validation';
import type { RegisterMessageKey } from './i18n/zh.ts';

export type Check = (value: string) => RegisterMessageKey | null;
export type IdType = 'resident_id' | 'passport' | 'hk_macao_permit' | 'taiwan_permit' | 'foreign_permanent' | 'other';
export { normalizePhone, normalizePlate };

export const PLATE_PROVINCES = [...PROVINCES];

export function normalizeId(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function idNumberCheck(type: IdType, value: string): RegisterMessageKey | null {
  const r = validateIdNumber(type, value);
  if (r.ok) return null;
  if (r.reason === 'id.empty') return 'err.required';
  return type === 'resident_id' ? 'err.resident_id' : 'err.id_shape';
}

export function plateCheck(plateType: string, plate: string): RegisterMessageKey | null {
  const r = validatePlate(plate, plateType);
  if (r.ok) return null;
  return r.reason === 'plate.empty' ? 'err.required' : r.reason === 'plate.type_mismatch' ? 'err.plate_type' : 'err.plate';
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  // a day of slack: the phone's clock and time zone are not the server's
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now() + 86_400_000;
}

function integer(min: number, max: number): Check {
  return (value) => (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max ? null : 'err.range');
}

/** Field -> its check: the one place where the page binds a field to a validator. */
export const FIELD_CHECKS: Record<string, Check> = {
  name: (v) => (v.trim() ? (/^[^\d<>{}]{1,40}$/.test(v.trim()) ? null : 'err.name') : 'err.required'),
  phone: (v) => {
    const r = validatePhone(v);
    return r.ok ? null : r.reason === 'phone.empty' ? 'err.required' : 'err.phone';
  },
  temperature: (v) => (validateTemperature(v).ok ? null : 'err.temperature'),
  division: (v) => (validateDivisionCode(v).ok ? null : 'err.division'),
  date: (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m && validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? null : 'err.date';
  },
  passengers: integer(0, 60),
  stayDays: integer(1, 3650),
  text: (v) => (v.trim() ? null : 'err.required'),
};
