// List imports: the file goes up as the raw request body (XMLHttpRequest, for its upload progress), then a
// mapping of its headers to the import fields, a preview, and a job the page polls until it is done.
import { api, ApiError, csrfHeaders, NETWORK_ERROR } from '../../shared/api.ts';
import { currentLocale } from '../../shared/i18n/locale.ts';

/** The fields of an import row, in the order the mapping step shows them. */
export const IMPORT_FIELDS = ['name', 'idType', 'idNumber', 'phone', 'gender', 'birthDate', 'address', 'origin', 'listedAt', 'note'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** The fields of a household list (一标三实: grid, standard address, who lives or works there); mirrors
 * HOUSEHOLD_FIELDS of src/modules/imports/household-row.ts. */
export const HOUSEHOLD_FIELDS = ['gridCode', 'address', 'building', 'unit', 'room', 'kind', 'name', 'idType', 'idNumber', 'phone', 'relation'] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];
/** What a file is imported into: a list's entries, or the grids' addresses and their members. */
export type ImportTarget = 'list' | 'households';
export type AnyField = ImportField | HouseholdField;
/** Import field -> header of the file. */
export type ColumnMap = Partial<Record<AnyField, string>>;

export const fieldsOf = (target: ImportTarget): readonly AnyField[] => (target === 'households' ? HOUSEHOLD_FIELDS : IMPORT_FIELDS);
/** The message key of a field's name: a household list's address is the standard address, not 现住址. */
export const fieldLabelKey = (target: ImportTarget, f: AnyField): string => (target === 'households' ? `imports.householdFields.${f}` : `imports.fields.${f}`);

export interface SavedMapping {
  name: string;
  columns: ColumnMap;
}

export interface Upload {
  id: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  bytes: number;
  headers: string[];
  suggested: ColumnMap;
  mappings: SavedMapping[];
  /** what the file was uploaded for (the page's choice; the server's mapping suggestion follows it) */
  target: ImportTarget;
}

export interface Refusal {
  column: string | null;
  reason: string;
  message: string;
}

export interface PreviewRow {
  rowNo: number;
  /** Masked by the server. */
  values: Partial<Record<AnyField, string | null>>;
  refusals: Refusal[];
}

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportJob {
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
  target: ImportTarget;
  /** a household import: the addresses it added */
  addressesCreated: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const isFinished = (job: Pick<ImportJob, 'status'>): boolean => job.status === 'done' || job.status === 'failed';

const base = '/api/v1/imports';
const path = (id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;

export interface UploadHandle {
  done: Promise<Upload>;
  abort(): void;
}

/** Sends the file as it is (no form encoding) with the session cookie and the CSRF header of the api client. */
export function uploadImportFile(file: File, onProgress: (loaded: number, total: number) => void, target: ImportTarget = 'list'): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Upload>((resolve, reject) => {
    xhr.open('POST', `${base}/uploads?${new URLSearchParams({ fileName: file.name, target })}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLocale());
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ ...(body as Omit<Upload, 'target'>), target });
      const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      reject(
        error && typeof error.code === 'string'
          ? new ApiError(xhr.status, error.code, typeof error.message === 'string' ? error.message : error.code)
          : new ApiError(xhr.status, `http.${xhr.status}`, xhr.statusText || `HTTP ${xhr.status}`),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'upload failed'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload aborted'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

export async function previewImport(id: string, columns: ColumnMap, target: ImportTarget = 'list'): Promise<PreviewRow[]> {
  return (await api.post<{ rows: PreviewRow[] }>(path(id, '/preview'), { columns, target })).rows;
}

/** Into a list (`list` names it), or with target households into the grids of the caller's scope (no list). */
export function startImport(id: string, input: { list?: string; target?: ImportTarget; columns: ColumnMap; saveMappingAs?: string }): Promise<ImportJob> {
  return api.post<ImportJob>(path(id, '/start'), input);
}

export async function listImports(): Promise<ImportJob[]> {
  return (await api.get<{ items: ImportJob[] }>(base)).items;
}

export function getImport(id: string): Promise<ImportJob> {
  return api.get<ImportJob>(path(id));
}

/** The refused rows (row, column, reason) as CSV: a plain link, the session cookie authenticates it. */
export const refusalsUrl = (id: string): string => path(id, '/refusals.csv');

export async function listMappings(): Promise<SavedMapping[]> {
  return (await api.get<{ items: SavedMapping[] }>('/api/v1/import-mappings')).items;
}

export function saveMapping(name: string, columns: ColumnMap): Promise<unknown> {
  return api.put(`/api/v1/import-mappings/${encodeURIComponent(name)}`, { columns });
}

/** Percentage of the file read, 0..100; a finished job is at 100 whatever its byte counts say. */
export function percentDone(job: ImportJob): number {
  if (job.status === 'done') return 100;
  if (!job.bytesTotal) return 0;
  return Math.min(100, Math.floor((job.bytesDone / job.bytesTotal) * 100));
}

/** Average rows per second since the job started (until it finished). */
export function rowsPerSecond(job: ImportJob, now = Date.now()): number {
  if (!job.startedAt) return 0;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  const seconds = (end - Date.parse(job.startedAt)) / 1000;
  return seconds > 0 ? Math.round(job.read / seconds) : 0;
}
