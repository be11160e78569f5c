// Reports kept on the server: ask for one (it is built in the background), list them (polled while one is being
// built), and download their files with a plain link (the session cookie authenticates it).
import { api } from '../../shared/api.ts';

export const REPORT_KINDS = ['analysis', 'weekly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportLang = 'zh' | 'en';
export type ReportStatus = 'queued' | 'running' | 'done' | 'failed';
export type ReportFormat = 'pdf' | 'xlsx';

/** Mirrors ReportView of src/modules/reports/service.ts. */
export interface Report {
  id: string;
  kind: ReportKind;
  org: { code: string; name: string };
  from: string;
  to: string;
  lang: ReportLang;
  status: ReportStatus;
  trigger: 'on_demand' | 'schedule';
  requestedBy: string | null;
  title: string | null;
  error: string | null;
  pdfBytes: number | null;
  xlsxBytes: number | null;
  /** percent of the build's steps done */
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ReportRequest {
  kind: ReportKind;
  org: string;
  from?: string;
  to: string;
  lang: ReportLang;
}

const base = '/api/v1/reports';

export function requestReport(input: ReportRequest): Promise<Report> {
  return api.post<Report>(base, input);
}

export function listReports(query: { kind?: ReportKind; org?: string; before?: string; limit?: number } = {}): Promise<{ items: Report[]; nextBefore: string | null }> {
  return api.get<{ items: Report[]; nextBefore: string | null }>(base, query);
}

export const reportFileUrl = (id: string, format: ReportFormat): string => `${base}/${encodeURIComponent(id)}/file?format=${format}`;

export const isBuilding = (r: Pick<Report, 'status'>): boolean => r.status === 'queued' || r.status === 'running';
