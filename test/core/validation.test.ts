// Mobile numbers, temperatures, division codes, and a message for every reason a validator can give.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage, isMessageKey } from '../../src/core/messages.ts';
import {
  isDivisionCode,
  REASONS,
  reasonCode,
  validateDivisionCode,
  validatePhone,
  validateTemperature,
} from '../../src/core/validation/index.ts';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, rest]) => `1${b}${rest}`);

describe('mobile numbers', () => {
  it('normalises any formatting of the same number to its 11 digits', () => {
    const seps = fc.array(fc.constantFrom('', '', ' ', '-', '\u3000'), { minLength: 11, maxLength: 11 });
    const prefix = fc.constantFrom('', '+86', '86', '0086', '+86 ', '+86-', '(+86) ', ' ');
    fc.assert(
      fc.property(mobile, seps, prefix, (number, s, p) => {
        const messy = p + [...number].map((c, i) => c + s[i]).join('');
        expect(validatePhone(messy)).toEqual({ ok: true, value: number });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses numbers that are not 1[3-9] and 9 digits', () => {
    const cases: [string, string][] = [
      ['', 'phone.empty'],
      [' - ', 'phone.empty'],
      ['12012345678', 'phone.format'],
      ['23812345678', 'phone.format'],
      ['1381234567', 'phone.format'],
      ['138123456789', 'phone.format'],
      ['+8513812345678', 'phone.format'],
      ['8613812345', 'phone.format'], // a short number is not taken for one with a prefix
      ['1381234567a', 'phone.format'],
      ['010-12345678', 'phone.format'], // a landline
    ];
    for (const [raw, reason] of cases) expect(validatePhone(raw), raw).toEqual({ ok: false, reason });
  });
});

describe('temperature', () => {
  it('accepts every tenth from 34.0 to 43.0, as a number or as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 340, max: 430 }), (tenths) => {
        const t = tenths / 10;
        expect(validateTemperature(t)).toEqual({ ok: true, value: t });
        expect(validateTemperature(t.toFixed(1))).toEqual({ ok: true, value: t });
      }),
    );
    expect(validateTemperature(36)).toEqual({ ok: true, value: 36 });
    expect(validateTemperature(' 36.6 ')).toEqual({ ok: true, value: 36.6 });
  });

  it('refuses values outside the range or with more than one decimal', () => {
    const cases: [number | string, string][] = [
      [33.9, 'temperature.range'],
      [43.1, 'temperature.range'],
      [0, 'temperature.range'],
      ['98.6', 'temperature.range'], // Fahrenheit
      [36.55, 'temperature.format'],
      ['36.55', 'temperature.format'],
      ['36,5', 'temperature.format'],
      ['', 'temperature.format'],
      ['-36', 'temperature.format'],
      [Number.NaN, 'temperature.format'],
      [Number.POSITIVE_INFINITY, 'temperature.format'],
    ];
    for (const [raw, reason] of cases) expect(validateTemperature(raw), String(raw)).toEqual({ ok: false, reason });
  });
});

describe('division codes', () => {
  it('checks the shape, and existence through the lookup given', () => {
    expect(isDivisionCode('150102')).toBe(true);
    for (const bad of ['15010', '1501020', '050102', '950102', '15010a', '']) expect(isDivisionCode(bad), bad).toBe(false);
    const known = new Set(['150102']);
    expect(validateDivisionCode('150102', (c) => known.has(c))).toEqual({ ok: true, value: '150102' });
    expect(validateDivisionCode('150199', (c) => known.has(c))).toEqual({ ok: false, reason: 'division.unknown' });
    expect(validateDivisionCode('150199')).toEqual({ ok: true, value: '150199' });
    expect(validateDivisionCode('1501')).toEqual({ ok: false, reason: 'division.format' });
  });
});

describe('reason messages', () => {
  it('has a Chinese and an English message for every reason', () => {
    for (const reason of REASONS) {
      const code = reasonCode(reason);
      expect(isMessageKey(code), code).toBe(true);
      for (const locale of ['zh', 'en'] as const) {
        const text = formatMessage(locale, code);
        expect(text, `${locale} ${code}`).not.toBe(code);
        expect(text, `${locale} ${code}`).not.toMatch(/\{\w+\}/);
      }
    }
    expect(formatMessage('zh', reasonCode('id.checksum'))).toContain('身份证号校验位不正确');
  });
});
