// Exports: POST /api/v1/exports answers with the file itself, streamed. Read here as it arrives (for a progress
// bar), then handed to the browser as a download. Errors come as the usual JSON error body, before any file.
import { ApiError, csrfHeaders, NETWORK_ERROR } from '../../shared/api.ts';
import { currentLocale } from '../../shared/i18n/locale.ts';

export type ExportKind = 'checkins' | 'list_entries';
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFilter {
  orgCode?: string;
  siteCode?: string;
  siteKind?: string;
  flagged?: boolean;
  listId?: string;
  list?: string;
  from?: string;
  to?: string;
}

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  filter: ExportFilter;
  reveal?: { purpose: string };
}

export interface ExportProgress {
  /** rows in the file, as the server counted them */
  total: number;
  /** rows received so far, when they can be counted (CSV); null for XLSX, which is compressed */
  rows: number | null;
  bytes: number;
}

export interface ExportedFile {
  blob: Blob;
  fileName: string;
  rows: number;
}

/** The file name of a Content-Disposition header, preferring the UTF-8 one (filename*=UTF-8''...). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // a broken encoding: take the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/** The answer of a file route, or the API's error; the body is left to the caller to stream. */
export async function fetchFile(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { 'Accept-Language': currentLocale(), ...csrfHeaders(), ...init.headers }, credentials: 'same-origin', signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, NETWORK_ERROR, e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `http.${res.status}`, body?.error?.message ?? res.statusText);
  }
  return res;
}

export async function downloadExport(req: ExportRequest, onProgress?: (p: ExportProgress) => void, signal?: AbortSignal): Promise<ExportedFile> {
  const res = await fetchFile('/api/v1/exports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) }, signal);
  const total = Number(res.headers.get('x-export-rows') ?? 0);
  const chunks: BlobPart[] = [];
  let bytes = 0;
  // CSV records end with CRLF, the header too: counting line feeds tells the rows received (an estimate: a quoted
  // cell may hold a line break).
  let lines = req.format === 'csv' ? -1 : null;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (lines !== null) for (const b of value) if (b === 10) lines++;
    onProgress?.({ total, rows: lines === null ? null : Math.max(0, Math.min(lines, total)), bytes });
  }
  const fallback = `${req.kind}.${req.format}`;
  return { blob: new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }), fileName: fileNameOf(res.headers.get('content-disposition'), fallback), rows: total };
}

/** Hands a file to the browser as a download. */
export function saveFile(file: ExportedFile): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
