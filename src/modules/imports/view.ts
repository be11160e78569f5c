// What an import job looks like to the console, the CLI and the job runner: counts only, never personal values.
import type { ImportRowWithList } from './store.ts';

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed';

export interface ImportView {
  id: string;
  status: ImportStatus;
  fileName: string;
  format: 'csv' | 'xlsx';
  listId: string | null;
  listName: string | null;
  bytesTotal: number;
  bytesDone: number;
  read: number;
  imported: number;
  unchanged: number;
  refused: number;
  personsCreated: number;
  candidates: number;
  checkinsLinked: number;
  /** what the import fills: a list, or the grids' addresses and households */
  target: 'list' | 'households';
  /** a household import: the addresses it added */
  addressesCreated: number;
  /** an error code (message key) or a short technical message */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const iso = (ms: number | null) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export function toImportView(r: ImportRowWithList): ImportView {
  return {
    id: r.id,
    status: r.status as ImportStatus,
    fileName: r.fileName,
    format: r.format as 'csv' | 'xlsx',
    listId: r.listId,
    listName: r.listName ?? null,
    bytesTotal: Number(r.bytesTotal),
    bytesDone: Number(r.bytesDone),
    read: Number(r.rowsRead),
    imported: Number(r.rowsImported),
    unchanged: Number(r.rowsUnchanged),
    refused: Number(r.rowsRefused),
    personsCreated: Number(r.personsCreated),
    candidates: Number(r.candidates),
    checkinsLinked: Number(r.checkinsLinked),
    target: r.target === 'households' ? 'households' : 'list',
    addressesCreated: Number(r.addressesCreated ?? 0),
    error: r.error,
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}
