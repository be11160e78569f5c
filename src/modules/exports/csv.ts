// CSV as Excel and WPS open it with Chinese text: UTF-8 with a byte order mark, CRLF records (RFC 4180), every
// cell escaped against formula injection (cells.ts).
import type { Writable } from 'node:stream';
import { csvRecord } from './cells.ts';
import { roomIn, type SheetWriter } from './sheet.ts';

const BOM = '\ufeff';

export function csvWriter(out: Writable, header: readonly string[]): SheetWriter {
  out.write(BOM + csvRecord(header), 'utf8');
  return {
    async rows(rows) {
      if (rows.length) out.write(rows.map(csvRecord).join(''), 'utf8');
      await roomIn(out);
    },
    async end() {
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      });
    },
  };
}
