// A report as content, before it is a file: headings, key figures, sentences, charts and tables, already in the
// reader's language. analysis.ts and weekly.ts build it from the figures; pdf.ts and xlsx.ts each render the same
// content, so the PDF and the spreadsheet never disagree.
import type { Change } from '../analytics/types.ts';
import type { ChartSvg } from './charts.ts';
import type { ReportLang } from './text.ts';

/** A number we computed, text (names, codes, masked values), a change against the period before, or nothing. */
export type TableCell = string | number | Change | null;

export interface Column {
  label: string;
  /** text is left-aligned; numbers and changes right-aligned; a change spreads over four columns in the XLSX */
  kind: 'text' | 'number' | 'change' | 'share';
  /** relative width in the PDF */
  weight: number;
  /** only in the XLSX: a detail the printed table has no room for */
  xlsxOnly?: boolean;
}

export interface Table {
  /** the worksheet's name in the XLSX (unique in a report, at most 31 characters) */
  sheet: string;
  title: string;
  columns: Column[];
  rows: TableCell[][];
  /** a totals row, set apart at the bottom */
  total?: TableCell[];
  /** false: the numbers behind a chart, only in the XLSX */
  inPdf: boolean;
  /** the PDF shows at most this many rows (the XLSX has them all) */
  pdfLimit?: number;
}

export interface Figure {
  label: string;
  value: number;
  /** against the period before; null when there is nothing to compare */
  change: Change | null;
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'figures'; items: Figure[] }
  | { type: 'sentences'; items: string[] }
  | { type: 'chart'; title: string; chart: ChartSvg }
  | { type: 'table'; table: Table }
  | { type: 'note'; text: string };

export interface ReportDoc {
  lang: ReportLang;
  /** 研判报告 / Analysis report */
  title: string;
  orgName: string;
  /** lines under the title: the period, the period compared with */
  periodLines: string[];
  /** ISO time the figures were read */
  generatedAt: string;
  blocks: Block[];
}

export function isChange(c: TableCell): c is Change {
  return typeof c === 'object' && c !== null;
}

/** A change built from two counts: ratio null when there was nothing before. */
export function changeOf(value: number, previous: number): Change {
  return { value, previous, change: value - previous, ratio: previous === 0 ? null : (value - previous) / previous };
}

/** The tables of a report in order, the XLSX's sheets. */
export function tablesOf(doc: ReportDoc): Table[] {
  return doc.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
}
