// The numbers behind a report as an XLSX workbook: a summary sheet (what, where, when, the sentences), then one
// sheet per table, the chart data included. A change against the period before spreads over four columns (value,
// previous, change, change %), so every number is a number a spreadsheet can sum. Text is escaped against formula
// injection like every export (names of sites and units are typed by people).
import ExcelJS from 'exceljs';
import { escapeCell, xmlSafe } from '../exports/cells.ts';
import type { Column, ReportDoc, Table, TableCell } from './doc.ts';
import { isChange, tablesOf } from './doc.ts';
import { chinaMinute, word, type ReportLang } from './text.ts';

const PERCENT = '0.0%';

const text = (v: string | null | undefined): string => {
  const c = escapeCell(v);
  return typeof c === 'string' ? xmlSafe(c) : String(c);
};

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook (case-insensitive). */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function headerCells(lang: ReportLang, c: Column): string[] {
  if (c.kind !== 'change') return [c.label];
  return [c.label, `${c.label} · ${word(lang, 'previous')}`, `${c.label} · ${word(lang, 'change')}`, `${c.label} · ${word(lang, 'ratio')}`];
}

function cells(c: Column, v: TableCell): Array<string | number | null> {
  if (c.kind === 'change') {
    if (isChange(v)) return [v.value, v.previous, v.change, v.ratio];
    // A figure the data gives without the period before: the value, and nothing to compare.
    return [typeof v === 'number' ? v : null, null, null, null];
  }
  if (isChange(v)) return [v.value];
  if (typeof v === 'number') return [Number.isFinite(v) ? v : null];
  return [v === null ? null : text(v)];
}

function addTable(book: ExcelJS.Workbook, lang: ReportLang, t: Table, taken: Set<string>): void {
  const sheet = book.addWorksheet(sheetName(t.sheet, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
  const head = t.columns.flatMap((c) => headerCells(lang, c));
  sheet.addRow(head).font = { bold: true };
  const put = (row: TableCell[], bold: boolean) => {
    const r = sheet.addRow(t.columns.flatMap((c, i) => cells(c, row[i] ?? null)));
    if (bold) r.font = { bold: true };
  };
  for (const row of t.rows) put(row, false);
  if (t.total) put(t.total, true);
  // Number formats per column: shares and change ratios as percentages.
  let col = 1;
  for (const c of t.columns) {
    const span = c.kind === 'change' ? 4 : 1;
    for (let k = 0; k < span; k++) {
      const column = sheet.getColumn(col + k);
      column.width = Math.min(40, Math.max(10, head[col + k - 1].length * (lang === 'zh' ? 2.2 : 1.2)));
      if (c.kind === 'share' || (c.kind === 'change' && k === 3)) column.numFmt = PERCENT;
    }
    col += span;
  }
}

export async function renderXlsx(r: ReportDoc): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'TraceGrid';
  book.created = new Date(r.generatedAt);
  book.modified = book.created;
  const taken = new Set<string>();
  const summary = book.addWorksheet(sheetName(word(r.lang, 'summary'), taken));
  summary.addRow([text(r.title)]).font = { bold: true, size: 14 };
  summary.addRow([word(r.lang, 'orgUnit'), text(r.orgName)]);
  for (const l of r.periodLines) summary.addRow([text(l)]);
  summary.addRow([word(r.lang, 'generated'), chinaMinute(r.generatedAt)]);
  const sentences = r.blocks.flatMap((b) => (b.type === 'sentences' ? b.items : []));
  if (sentences.length > 0) {
    summary.addRow([]);
    for (const s of sentences) summary.addRow([text(s)]);
  }
  summary.getColumn(1).width = 24;
  summary.getColumn(2).width = 40;
  for (const t of tablesOf(r)) addTable(book, r.lang, t, taken);
  return Buffer.from(await book.xlsx.writeBuffer());
}
