// Exported cells: escaped against spreadsheet formula injection (OWASP CSV injection) and quoted per RFC 4180.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaTime, csvQuote, csvRecord, escapeCell, escapeText, startsFormula } from '../../src/modules/exports/cells.ts';

/** How a spreadsheet opens a text cell: a leading apostrophe makes it text, otherwise it may be a formula. */
const runsAsFormula = (cell: string) => !cell.startsWith("'") && startsFormula(cell);

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'];
/** Strings rich in what matters here: trigger characters, spaces, quotes, commas, line breaks, Chinese. */
const risky = fc.string({ unit: fc.constantFrom(...TRIGGERS, ' ', '\u3000', "'", '"', ',', '\n', 'A', '1', '张', '(', ')', '|', '!'), maxLength: 12 });
const anyText = fc.oneof(risky, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));

describe('formula-injection escaping', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['-1+1', "'-1+1"],
    ['-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0', "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['＝HYPERLINK("http://x")', `'＝HYPERLINK("http://x")`],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['  =1+1', "'  =1+1"],
    ['\u3000=1+1', "'\u3000=1+1"],
    ['"=1+1', `'"=1+1`],
    ["'=1+1", "''=1+1"],
  ])('escapes %j', (input, escaped) => {
    expect(escapeText(input)).toBe(escaped);
    expect(escapeCell(input)).toBe(escaped);
  });

  it.each(['张三', 'John Smith', '150102199001011234', '139****5678', '1+1', 'a=b', 'e-mail', '36.5', '', '   ', "''"])('leaves %j as it is', (text) => {
    expect(escapeText(text)).toBe(text);
  });

  it('keeps the numbers it produced as numbers, and empties what is absent or not a number', () => {
    expect(escapeCell(36.5)).toBe(36.5);
    expect(escapeCell(-1)).toBe(-1);
    expect(escapeCell(Number.NaN)).toBe('');
    expect(escapeCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(escapeCell(null)).toBe('');
    expect(escapeCell(undefined)).toBe('');
    // text that looks like a number is still someone's text
    expect(escapeCell('-5')).toBe("'-5");
  });

  it('never lets an escaped cell start a formula, and only ever adds one apostrophe', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cell = escapeText(text);
        expect(runsAsFormula(cell)).toBe(false);
        expect([text, `'${text}`]).toContain(cell);
        // what needed no escaping is left exactly as it was
        if (!startsFormula(text)) expect(cell).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('escapes whatever starts with a trigger, after any spaces and quotes', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\u3000', "'", '"'), maxLength: 4 }), fc.constantFrom('=', '+', '-', '@', '＝', '＋', '－', '＠'), fc.string({ maxLength: 10 }), (lead, trigger, rest) => {
        expect(escapeText(lead + trigger + rest).startsWith("'")).toBe(true);
      }),
    );
  });
});

describe('CSV quoting (RFC 4180)', () => {
  it('quotes fields with quotes, commas and line breaks, and doubles the quotes', () => {
    expect(csvQuote('plain')).toBe('plain');
    expect(csvQuote('a,b')).toBe('"a,b"');
    expect(csvQuote('say "hi"')).toBe('"say ""hi"""');
    expect(csvQuote('two\nlines')).toBe('"two\nlines"');
    expect(csvQuote('cr\r')).toBe('"cr\r"');
    expect(csvRecord(['=1', 36.5, null, 'a,"b"'])).toBe(`'=1,36.5,,"a,""b"""\r\n`);
  });

  it('round-trips any fields through a CSV parser', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (records) => {
        const text = records.map((r) => r.map(csvQuote).join(',') + '\r\n').join('');
        const parsed = parse(text, { relax_column_count: true, bom: false }) as string[][];
        expect(parsed).toEqual(records);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back an escaped record as the escaped cells', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 2, maxLength: 6 }), (cells) => {
        const [parsed] = parse(csvRecord(cells)) as string[][];
        expect(parsed).toEqual(cells.map(escapeText));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('times', () => {
  it('are written in China Standard Time', () => {
    expect(chinaTime(Date.UTC(2026, 10, 28, 16, 5, 9))).toBe('2026-11-29 00:05:09');
    expect(chinaTime(null)).toBe('');
  });
});
