// Identity document numbers: generated valid resident IDs are accepted, every one-character change is refused
// with the reason a person can act on; the other document types by example.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legacyIdTo18, validateIdNumber, validateResidentId } from '../../src/core/validation/index.ts';

const NOW = Date.UTC(2025, 5, 15, 4); // 2025-06-15 12:00 in China
const opts = { now: NOW };
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(1900, 0, 1) / DAY;
const LAST_DAY = Date.UTC(2025, 5, 15) / DAY;

/** The GB 11643 check character, written from the standard's formula (not the table the code uses). */
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

const ymd = (day: number) => new Date(day * DAY).toISOString().slice(0, 10).replace(/-/g, '');
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const area = fc.tuple(fc.integer({ min: 1, max: 8 }), digits(5)).map(([a, b]) => `${a}${b}`);

const validId18 = fc
  .tuple(area, fc.integer({ min: FIRST_DAY, max: LAST_DAY }), digits(3))
  .map(([a, day, seq]) => {
    const first17 = `${a}${ymd(day)}${seq}`;
    return first17 + checkChar(first17);
  });

const validId15 = fc
  .tuple(area, fc.integer({ min: Date.UTC(1900, 0, 1) / DAY, max: Date.UTC(1999, 11, 31) / DAY }), digits(3))
  .map(([a, day, seq]) => `${a}${ymd(day).slice(2)}${seq}`);

/** Whether YYYYMMDD is a real date between 1900-01-01 and NOW's day, by the calendar of Date. */
function realDate(s: string): boolean {
  const [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8))];
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d && t / DAY >= FIRST_DAY && t / DAY <= LAST_DAY;
}

/** The reason a changed ID must be refused with, worked out position by position. */
function expectedReason(id: string, pos: number): string {
  if (pos < 17 && id[pos] === 'X') return 'id.format';
  if (pos === 0 && !/[1-8]/.test(id[0])) return 'id.area';
  if (pos >= 6 && pos < 14 && !realDate(id.slice(6, 14))) return 'id.birth_date';
  return 'id.checksum';
}

describe('resident ID numbers (GB 11643)', () => {
  it('accepts generated 18-character numbers with a correct check character', () => {
    fc.assert(
      fc.property(validId18, (id) => {
        expect(validateResidentId(id, opts)).toEqual({ ok: true, value: id });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every change of one character to another allowed character, with the right reason', () => {
    const change = fc.tuple(validId18, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'));
    fc.assert(
      fc.property(change, ([id, pos, ch]) => {
        fc.pre(id[pos] !== ch);
        const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
        expect(validateResidentId(changed, opts)).toEqual({ ok: false, reason: expectedReason(changed, pos) });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every single-digit change of one fixed number exhaustively', () => {
    const first17 = '15010219900307123';
    const id = first17 + checkChar(first17);
    expect(validateResidentId(id, opts).ok).toBe(true);
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of '0123456789X') {
        if (ch === id[pos]) continue;
        const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
        expect(validateResidentId(changed, opts), changed).toEqual({ ok: false, reason: expectedReason(changed, pos) });
      }
    }
  });

  it('accepts 15-digit legacy numbers and converts them to 18 characters', () => {
    fc.assert(
      fc.property(validId15, (id) => {
        expect(validateResidentId(id, opts)).toEqual({ ok: true, value: id });
        const long = legacyIdTo18(id);
        expect(long.slice(6, 8)).toBe('19');
        expect(validateResidentId(long, opts).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('normalises lower-case x and spaces', () => {
    const first17 = '11010519491231002';
    expect(checkChar(first17)).toBe('X');
    expect(validateResidentId(`110105 19491231 002x`, opts)).toEqual({ ok: true, value: `${first17}X` });
    expect(validateIdNumber('resident_id', ` ${first17}x `, opts)).toEqual({ ok: true, value: `${first17}X` });
  });

  it('gives each reason by example', () => {
    const make = (first17: string) => first17 + checkChar(first17);
    const cases: [string, string][] = [
      ['', 'id.empty'],
      ['   ', 'id.empty'],
      ['1234567890123456', 'id.length'],
      ['1501021990030712345', 'id.length'],
      ['15010219900307A234', 'id.format'],
      ['15010290030712X', 'id.format'], // X is no check character on a 15-digit number
      [make('95010219900307123'), 'id.area'],
      [make('05010219900307123'), 'id.area'],
      [make('15010219900230123'), 'id.birth_date'], // 30 February
      [make('15010219000229123'), 'id.birth_date'], // 1900 was no leap year
      [make('15010218991231123'), 'id.birth_date'], // before 1900
      [make('15010220250616123'), 'id.birth_date'], // tomorrow in China
      ['150102900230123', 'id.birth_date'],
      [`${'15010219900307123'}${checkChar('15010219900307123') === '0' ? '1' : '0'}`, 'id.checksum'],
    ];
    for (const [id, reason] of cases) expect(validateResidentId(id, opts), id).toEqual({ ok: false, reason });
    expect(validateResidentId(make('15010220000229123'), opts).ok).toBe(true); // 2000 was a leap year
    expect(validateResidentId(make('15010220250615123'), opts).ok).toBe(true); // born today
  });

  it('does not require the area code to exist today', () => {
    // 152500 (锡林郭勒盟) fine, 159999 no such code: both have the shape of an area code.
    for (const a of ['152500', '159999', '820000']) {
      const first17 = `${a}19800101001`;
      expect(validateResidentId(first17 + checkChar(first17), opts).ok, a).toBe(true);
    }
  });
});

describe('other identity documents by shape', () => {
  const good: [string, string, string][] = [
    ['passport', 'E12345678', 'E12345678'],
    ['passport', 'ea1234567', 'EA1234567'],
    ['passport', 'g 1234 5678', 'G12345678'],
    ['passport', 'X1234', 'X1234'], // a foreign passport, 5 characters
    ['passport', 'AB1234567890CDEFG', 'AB1234567890CDEFG'],
    ['hk_macao_permit', 'H12345678', 'H12345678'],
    ['hk_macao_permit', 'm1234567890', 'M1234567890'],
    ['taiwan_permit', '12345678', '12345678'],
    ['taiwan_permit', '1234567890', '1234567890'],
    ['taiwan_permit', '1234567890(B)', '1234567890B'],
    ['taiwan_permit', '1234567890（b）', '1234567890B'],
    ['foreign_permanent', '911156199001011234', '911156199001011234'],
    ['foreign_permanent', '91115619900101123x', '91115619900101123X'],
    ['foreign_permanent', 'USA150090010001', 'USA150090010001'],
    ['other', 'ab-123', 'AB-123'],
  ];
  it.each(good)('accepts %s %s', (type, raw, value) => {
    expect(validateIdNumber(type, raw)).toEqual({ ok: true, value });
  });

  const bad: [string, string, string][] = [
    ['passport', 'ABCDEFG', 'passport.format'], // no digit
    ['passport', 'E123', 'passport.format'],
    ['passport', 'E1234567890123456789', 'passport.format'],
    ['passport', 'E1234567#', 'passport.format'],
    ['hk_macao_permit', 'C12345678', 'hk_macao_permit.format'],
    ['hk_macao_permit', 'H123456789', 'hk_macao_permit.format'],
    ['taiwan_permit', '1234567', 'taiwan_permit.format'],
    ['taiwan_permit', '123456789', 'taiwan_permit.format'],
    ['taiwan_permit', '1234567890BC', 'taiwan_permit.format'],
    ['foreign_permanent', '811156199001011234', 'foreign_permanent.format'],
    ['foreign_permanent', 'US150090010001', 'foreign_permanent.format'],
    ['other', 'AB', 'other_id.format'],
    ['other', 'A'.repeat(31), 'other_id.format'],
    ['other', 'AB_123', 'other_id.format'],
    ['passport', ' ', 'id.empty'],
    ['driving_licence', 'X12345', 'id.type'],
  ];
  it.each(bad)('refuses %s %s', (type, raw, reason) => {
    expect(validateIdNumber(type, raw)).toEqual({ ok: false, reason });
  });
});
