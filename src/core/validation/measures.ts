// Body temperature and GB/T 2260 division codes.
import { fail, pass, type Check } from './result.ts';

export type TemperatureReason = 'temperature.format' | 'temperature.range';

export const TEMPERATURE_MIN = 34;
export const TEMPERATURE_MAX = 43;

/** A body temperature in °C, 34.0-43.0, at most one decimal; a form's text ("36.5") is accepted too. */
export function validateTemperature(raw: number | string): Check<number, TemperatureReason> {
  let t: number;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (!/^\d{1,3}(\.\d)?$/.test(text)) return fail('temperature.format');
    t = Number(text);
  } else {
    // 36.6 * 10 is 366.00000000000006 in floating point: compare with a tolerance, then round.
    if (!Number.isFinite(raw) || Math.abs(raw * 10 - Math.round(raw * 10)) > 1e-6) return fail('temperature.format');
    t = raw;
  }
  t = Math.round(t * 10) / 10;
  return t >= TEMPERATURE_MIN && t <= TEMPERATURE_MAX ? pass(t) : fail('temperature.range');
}

export type DivisionReason = 'division.format' | 'division.unknown';

/** The shape of a GB/T 2260 code: six digits, the first (the region) 1-8. */
export function isDivisionCode(code: string): boolean {
  return /^[1-8]\d{5}$/.test(code);
}

/**
 * A division code, checked for shape and, when a lookup is given (the server's bundled data, or the phone's
 * cascade), for existence. Kept free of the data itself so the phone page does not download it.
 */
export function validateDivisionCode(raw: string, isKnown?: (code: string) => boolean): Check<string, DivisionReason> {
  const code = raw.trim();
  if (!isDivisionCode(code)) return fail('division.format');
  if (isKnown && !isKnown(code)) return fail('division.unknown');
  return pass(code);
}
