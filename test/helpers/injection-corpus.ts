// Hostile text that people (or attackers) type into free-text fields: SQL, HTML and script, template syntax,
// spreadsheet formulas, and Unicode oddities. Each entry says whether the server must refuse it (400) or store it
// exactly as typed and render it inert (console pages escape it, exports neutralise formulas: src/modules/exports/cells.ts).
// Synthetic strings only.

export interface Payload {
  /** short name for test titles */
  name: string;
  text: string;
  /** 'store': kept exactly as typed (after the name's documented NFKC/whitespace normalisation); 'refuse': 400 */
  expect: 'store' | 'refuse';
}

export const SQL: Payload[] = [
  { name: 'sql drop', text: "'; drop table checkins; --", expect: 'store' },
  { name: 'sql or', text: '" or 1=1 --', expect: 'store' },
  { name: 'sql union', text: "x' union select password_hash from users --", expect: 'store' },
];

export const MARKUP: Payload[] = [
  { name: 'script tag', text: '<script>window.__pwned=1</script>', expect: 'store' },
  { name: 'img onerror', text: '<img src=x onerror="window.__pwned=1">', expect: 'store' },
  { name: 'svg onload', text: '<svg onload="window.__pwned=1"></svg>', expect: 'store' },
  { name: 'vue template', text: '{{7*7}}', expect: 'store' },
  { name: 'vue constructor', text: "{{constructor.constructor('window.__pwned=1')()}}", expect: 'store' },
  { name: 'javascript url', text: 'javascript:window.__pwned=1', expect: 'store' },
  { name: 'attribute break', text: '"><b id="injected">x</b>', expect: 'store' },
];

/** Cells starting with these are formulas in Excel, LibreOffice and Sheets. */
export const SPREADSHEET: Payload[] = [
  { name: 'hyperlink', text: '=HYPERLINK("http://x","y")', expect: 'store' },
  { name: 'dde', text: "+cmd|' /C calc'!A0", expect: 'store' },
  { name: 'at sum', text: '@SUM(1)', expect: 'store' },
  { name: 'minus', text: '-2+3', expect: 'store' },
  { name: 'tab prefixed', text: '\t=1+2', expect: 'store' },
  { name: 'cr prefixed', text: '\r=1+2', expect: 'store' },
];

export const UNICODE: Payload[] = [
  // long names fit the 40-character limit of names; the 300-character text goes to the 120-character address line in parts
  { name: 'long cjk', text: '张'.repeat(40), expect: 'store' },
  { name: 'rtl override', text: 'abc\u202Egnp.exe', expect: 'store' },
  { name: 'zero width joiner', text: '王\u200D小\u200C明\u200B', expect: 'store' },
  { name: 'combining marks', text: 'Z\u0351\u0310\u0364a\u0357\u0350l\u0346g\u0308o', expect: 'store' },
  { name: 'emoji', text: '李👨‍👩‍👧‍👦🇨🇳', expect: 'store' },
  { name: 'nul', text: 'abc\u0000def', expect: 'refuse' },
  { name: 'bell and escape', text: 'abc\u0007\u001b[31mred', expect: 'refuse' },
  { name: 'lone high surrogate', text: 'abc\uD800def', expect: 'refuse' },
  { name: 'lone low surrogate', text: '\uDC00abc', expect: 'refuse' },
];

export const INJECTION_CORPUS: Payload[] = [...SQL, ...MARKUP, ...SPREADSHEET, ...UNICODE];

/** A text of `length` characters made of the corpus (for long free-text fields such as the address line). */
export function longText(length: number): string {
  const parts = INJECTION_CORPUS.filter((p) => p.expect === 'store').map((p) => p.text.replace(/^[\t\r]/, ''));
  let s = '';
  for (let i = 0; s.length < length; i++) s += parts[i % parts.length] + ' ';
  return [...s].slice(0, length).join('').trim();
}

/** The documented normalisation of names (src/modules/checkins/validate.ts): NFKC, trimmed, whitespace runs collapsed. */
export function asStoredName(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ');
}
