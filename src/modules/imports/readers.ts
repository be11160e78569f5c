// Streaming readers of list files: rows of strings, one at a time, whatever the size of the file.
// CSV in UTF-8 (with or without BOM) or GB18030/GBK, as Excel in China saves it; XLSX through exceljs' streaming
// reader (first worksheet). Memory stays flat: nothing holds more than a chunk of the file.
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';

export type ImportFormat = 'csv' | 'xlsx';

/** The format a file name says, or null (the caller reports it). */
export function formatOf(fileName: string): ImportFormat | null {
  const m = /\.(csv|xlsx)$/i.exec(fileName.trim());
  return m ? (m[1].toLowerCase() as ImportFormat) : null;
}

/** Bytes are ASCII until the first byte >= 0x80; both encodings agree on ASCII, so the choice waits for it. */
function firstHighByte(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) return i;
  return -1;
}

/**
 * Decodes UTF-8, or GB18030 when the first non-ASCII bytes are not valid UTF-8 (a GBK file's Chinese is almost
 * never valid UTF-8). Decided once per file, on the first chunk that has non-ASCII bytes.
 */
export class TextDecodeStream extends Transform {
  private decoder: TextDecoder | null = null;
  private started = false;
  encoding: 'utf-8' | 'gb18030' | null = null;

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.started && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      this.encoding = 'utf-8';
      this.decoder = new TextDecoder('utf-8');
    }
    this.started = true;
    if (!this.decoder) {
      const at = firstHighByte(chunk);
      if (at < 0) return done(null, chunk.toString('latin1'));
      let utf8 = true;
      try {
        // stream: true lets a character cut at the end of the chunk pass; only real errors throw.
        new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(at), { stream: true });
      } catch {
        utf8 = false;
      }
      this.encoding = utf8 ? 'utf-8' : 'gb18030';
      this.decoder = new TextDecoder(this.encoding);
    }
    try {
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    done(null, this.decoder ? this.decoder.decode() : '');
  }
}

function byteCounter(stream: fs.ReadStream, onBytes?: (n: number) => void): void {
  if (!onBytes) return;
  let n = 0;
  stream.on('data', (c) => {
    n += (c as Buffer).length;
    onBytes(n);
  });
}

async function* readCsv(file: string, onBytes?: (n: number) => void): AsyncGenerator<string[]> {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  byteCounter(input, onBytes);
  const decode = new TextDecodeStream();
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: false });
  input.on('error', (e) => parser.destroy(e));
  decode.on('error', (e) => parser.destroy(e));
  input.pipe(decode).pipe(parser);
  try {
    for await (const row of parser) yield row as string[];
  } finally {
    input.destroy();
    parser.destroy();
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * exceljs gives a date cell as a Date whose UTC fields are what the cell shows; written out without a zone,
 * so the row validator reads it as local (China) time like any other date in the file.
 */
export function dateCellText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? day : `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateCellText(v);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (o.error) return '';
  }
  return String(v);
}

async function* readXlsx(file: string, onBytes?: (n: number) => void): AsyncGenerator<string[]> {
  // Loaded on demand: exceljs weighs ~20 MB that a CSV import need not carry. Before the file is opened: the byte
  // counter starts the stream flowing, and nothing may flow before the zip reader is attached.
  const { default: Excel } = await import('exceljs');
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  byteCounter(input, onBytes);
  // styles are needed to tell a date cell from a number
  const reader = new Excel.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const out: string[] = [];
        // values is 1-based: index 0 is always empty
        for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
        yield out;
      }
      break; // the first worksheet only
    }
  } finally {
    input.destroy();
  }
}

/** The rows of a file, the header row first; onBytes gets the bytes read so far (for progress). */
export function readTable(file: string, format: ImportFormat, onBytes?: (n: number) => void): AsyncGenerator<string[]> {
  return format === 'csv' ? readCsv(file, onBytes) : readXlsx(file, onBytes);
}

/** The header row and up to `limit` data rows, for the upload answer and the preview. */
export async function readHead(file: string, format: ImportFormat, limit: number): Promise<{ headers: string[]; rows: string[][] }> {
  const rows: string[][] = [];
  let headers: string[] | null = null;
  for await (const row of readTable(file, format)) {
    if (!headers) headers = row.map((h) => h.replace(/^\uFEFF/, '').trim());
    else rows.push(row);
    if (rows.length >= limit) break;
  }
  return { headers: headers ?? [], rows };
}
