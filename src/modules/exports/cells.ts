// What goes into one cell of an exported sheet. Pure: no I/O.
//
// Spreadsheet formula injection (OWASP "CSV Injection"): a cell whose text starts with = + - @ (or a tab or a
// carriage return) is run as a formula by Excel, LibreOffice and WPS when the file is opened, e.g. a name typed
// as =HYPERLINK("http://evil","click") or +cmd|' /C calc'!A0. Such text gets a leading apostrophe, which makes
// the spreadsheet take it as text. Spreadsheets also skip leading spaces and quotes and read the full-width
// forms (＝＋－＠, as a Chinese keyboard types them) like the ASCII ones, so those count too.
//
// Only numbers this code produced (temperatures) stay numbers; any text, even "-1" or "3.5", is text.

/** A value as the export builds it: a number is one we computed, everything typed by someone is a string. */
export type CellValue = string | number | null | undefined;

const TRIGGERS = new Set(['=', '+', '-', '@']);
/** Control characters that start a formula on their own (OWASP lists tab and carriage return). */
const CONTROL_TRIGGERS = new Set(['\t', '\r', '\n']);
/** What a spreadsheet skips before deciding a cell is a formula: white space (also the ideographic space) and quotes. */
const SKIPPED = /^[\s\u3000\u00a0\u200b\ufeff'"`‘’“”]*/u;

/** Whether a spreadsheet could take this text as a formula. */
export function startsFormula(text: string): boolean {
  if (text.length === 0) return false;
  if (CONTROL_TRIGGERS.has(text[0])) return true;
  const rest = text.replace(SKIPPED, '');
  if (rest.length === 0) return false;
  const first = String.fromCodePoint(rest.codePointAt(0)!);
  // NFKC folds the full-width and small forms (＝ ﹦ ＋ ﹢ － ﹣ ＠ ﹫) into the ASCII ones.
  return TRIGGERS.has(first) || TRIGGERS.has(first.normalize('NFKC')) || CONTROL_TRIGGERS.has(first);
}

/** Text made safe for a spreadsheet: unchanged, or with a leading apostrophe when it could start a formula. */
export function escapeText(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}

/**
 * One cell's value: numbers we produced stay numbers (a non-finite one is left empty), absent values are empty,
 * text is escaped.
 */
export function escapeCell(value: CellValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return escapeText(value);
}

/** RFC 4180 quoting: a field with a quote, comma, CR or LF is quoted, its quotes doubled. */
export function csvQuote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One CSV record, escaped and quoted, ended by CRLF (RFC 4180). */
export function csvRecord(values: readonly CellValue[]): string {
  return values.map((v) => csvQuote(String(escapeCell(v)))).join(',') + '\r\n';
}

/** Characters XML 1.0 cannot carry (an XLSX sheet is XML): dropped rather than making the file unreadable. */
// eslint-disable-next-line no-control-regex -- these control characters are what the expression is about
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

const CST_OFFSET = 8 * 3600_000;

/** Times as the teams read them: China Standard Time (no daylight saving), e.g. 2026-11-28 16:05:09. */
export function chinaTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms + CST_OFFSET).toISOString().slice(0, 19).replace('T', ' ');
}
