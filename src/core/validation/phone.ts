// Mainland mobile numbers: 1[3-9] + 9 digits, after removing separators and the +86 / 0086 / 86 country prefix.
import { fail, pass, type Check } from './result.ts';

export type PhoneReason = 'phone.empty' | 'phone.format';

export function normalizePhone(raw: string): string {
  // \s covers the full-width space a Chinese keyboard types.
  const compact = raw.replace(/[\s\-()（）]/g, '');
  // The prefix is only removed when 11 digits follow, so a mistyped number is not silently shortened.
  return compact.replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '');
}

export function validatePhone(raw: string): Check<string, PhoneReason> {
  const value = normalizePhone(raw);
  if (value === '') return fail('phone.empty');
  return /^1[3-9]\d{9}$/.test(value) ? pass(value) : fail('phone.format');
}
