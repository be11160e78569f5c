// XLSX through exceljs' streaming writer: each row is written to the zip as it comes, so memory stays flat.
// Strings are written as inline strings (never formulas), so the file itself runs nothing; cells are escaped all
// the same, since people copy them into CSV and other tools.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { escapeCell, xmlSafe, type CellValue } from './cells.ts';
import { roomIn, type SheetWriter } from './sheet.ts';

const cell = (v: CellValue): string | number => {
  const c = escapeCell(v);
  return typeof c === 'string' ? xmlSafe(c) : c;
};

export function xlsxWriter(out: Writable, header: readonly string[], sheetName: string): SheetWriter {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  // Sheet names: at most 31 characters, none of : \ / ? * [ ]
  const sheet = book.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'export');
  sheet.addRow(header.map(cell)).commit();
  return {
    async rows(rows) {
      for (const r of rows) sheet.addRow(r.map(cell)).commit();
      await roomIn(out);
    },
    async end() {
      sheet.commit();
      await book.commit(); // ends `out`
    },
  };
}
