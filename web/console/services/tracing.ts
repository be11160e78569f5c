// Contact tracing (issue 7): start a trace of a case, read it, accept it (close-contact lists and follow-up tasks),
// see it in clear (audited) and export it. The types are the server's own (src/modules/tracing/types.ts holds types
// and one constant, nothing to run), so a change of the contract fails the console's type check.
import { api } from '../../shared/api.ts';
import { fetchFile, fileNameOf, type ExportedFile, type ExportFormat, type ExportProgress } from './exports.ts';

export { EXPOSURE_KINDS } from '../../../src/modules/tracing/types.ts';
export type {
  AcceptResult,
  Cluster,
  Contact,
  Evidence,
  ExposureKind,
  OrgRef,
  PersonRef,
  PersonTraceLink,
  TraceParams,
  TraceRequest,
  TraceSummary,
  TraceView,
} from '../../../src/modules/tracing/types.ts';
import type { AcceptResult, TraceRequest, TraceSummary, TraceView } from '../../../src/modules/tracing/types.ts';

/** The categories a case can be traced as (the four categories). */
export const TRACE_CATEGORIES = ['confirmed', 'suspected', 'fever', 'close_contact'] as const;

const base = '/api/v1/traces';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Runs the trace now and stores it as a draft (audited with its purpose). */
export function startTrace(req: TraceRequest): Promise<TraceView> {
  return api.post<TraceView>(base, req);
}

export async function listTraces(query: { personId?: string; limit?: number } = {}): Promise<TraceSummary[]> {
  return (await api.get<{ items: TraceSummary[] }>(base, query)).items;
}

export function getTrace(id: string): Promise<TraceView> {
  return api.get<TraceView>(one(id));
}

/** Puts the contacts (all, or these nodes) on a close-contact list and creates their follow-up tasks. */
export function acceptTrace(id: string, nodes?: string[]): Promise<AcceptResult> {
  return api.post<AcceptResult>(`${one(id)}/accept`, nodes?.length ? { nodes } : {});
}

/** The trace with the ID numbers of the contacts in scope in clear (audited with the purpose). */
export function revealTrace(id: string, purpose: string): Promise<TraceView> {
  return api.post<TraceView>(`${one(id)}/reveal`, { purpose });
}

/** The address of the contact list as a file: masked, or in clear with a purpose (audited). */
export function traceExportUrl(id: string, format: ExportFormat, reveal?: { purpose: string }): string {
  const q = new URLSearchParams({ format });
  if (reveal) {
    q.set('reveal', 'true');
    q.set('purpose', reveal.purpose);
  }
  return `${one(id)}/export?${q.toString()}`;
}

/**
 * Fetches the export (rather than following a link) so that a refusal shows as the server's message in the dialog,
 * and the bytes received can be shown as they arrive.
 */
export async function downloadTraceExport(
  id: string,
  format: ExportFormat,
  reveal: { purpose: string } | undefined,
  onProgress?: (p: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<ExportedFile> {
  const res = await fetchFile(traceExportUrl(id, format, reveal), {}, signal);
  const total = Number(res.headers.get('x-export-rows') ?? 0);
  const chunks: BlobPart[] = [];
  let bytes = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    onProgress?.({ total, rows: null, bytes });
  }
  const blob = new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  return { blob, fileName: fileNameOf(res.headers.get('content-disposition'), `trace-${id}.${format}`), rows: total };
}
