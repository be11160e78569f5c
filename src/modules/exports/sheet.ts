// One exported sheet, written as it is read: a header row, then rows, then the end. CSV and XLSX alike.
import type { Writable } from 'node:stream';
import type { CellValue } from './cells.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface SheetWriter {
  /** Writes rows; resolves once the output has room again (the reader or the disk keeps up). */
  rows(rows: readonly (readonly CellValue[])[]): Promise<void>;
  /** Finishes the file and ends the output stream. */
  end(): Promise<void>;
}

/** The output was closed before the end (the client went away): the export stops reading. */
export class OutputClosed extends Error {
  constructor() {
    super('the output was closed before the export ended');
    this.name = 'OutputClosed';
  }
}

/** Waits until `out` has drained its buffer; rejects when it is closed or fails meanwhile. */
export function roomIn(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(new OutputClosed());
  if (!out.writableNeedDrain && out.writableLength < out.writableHighWaterMark) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new OutputClosed());
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });
}
