// One report, both files: reads the figures through the analytics service (which checks the reader's role and
// scope), lays them out once (analysis.ts / weekly.ts), renders the PDF and the XLSX from that layout, and
// records `report.generated` on the org unit. Used by the report jobs (console, schedule) and the CLI.
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { analysisReportData, weeklyDispatchData } from '../analytics/service.ts';
import { resolveOrgCodes } from '../org/service.ts';
import { analysisDoc } from './analysis.ts';
import type { ReportDoc } from './doc.ts';
import { renderPdf } from './pdf.ts';
import { periodText, type ReportLang } from './text.ts';
import { weeklyDoc } from './weekly.ts';
import { renderXlsx } from './xlsx.ts';

export interface ReportQuery {
  kind: 'analysis' | 'weekly';
  org: string;
  /** analysis: default `to` (one day); weekly: default the 7 days ending `to` */
  from?: string;
  to: string;
  lang: ReportLang;
}

export interface BuiltReport {
  pdf: Buffer;
  xlsx: Buffer;
  /** e.g. "研判报告 新城区 2026-11-22 – 2026-11-28" */
  title: string;
}

/** The steps of a build, for a progress bar. */
export const BUILD_STEPS = ['data', 'pdf', 'xlsx', 'audit'] as const;
export type BuildStep = (typeof BUILD_STEPS)[number];

export async function buildReport(
  ctx: Ctx,
  actor: Actor,
  q: ReportQuery,
  opts: { onProgress?: (step: BuildStep, done: number, total: number) => void } = {},
): Promise<BuiltReport> {
  const step = (s: BuildStep) => opts.onProgress?.(s, BUILD_STEPS.indexOf(s), BUILD_STEPS.length);
  step('data');
  let doc: ReportDoc;
  let period: { from: string; to: string };
  if (q.kind === 'analysis') {
    const data = await analysisReportData(ctx, actor, { org: q.org, from: q.from ?? q.to, to: q.to });
    period = data.dashboard.period;
    doc = analysisDoc(data, q.lang);
  } else {
    const data = await weeklyDispatchData(ctx, actor, { org: q.org, from: q.from, to: q.to });
    period = data.week;
    doc = weeklyDoc(data, q.lang);
  }
  step('pdf');
  const pdf = await renderPdf(doc);
  step('xlsx');
  const xlsx = await renderXlsx(doc);
  step('audit');
  // The data functions have checked the scope already; this only finds the unit's id and path for the entry.
  const [unit] = await resolveOrgCodes(ctx, actor, [q.org]);
  await recordAudit(ctx, actor, {
    action: 'report.generated',
    targetType: 'org_unit',
    targetId: unit.id,
    orgPath: unit.path,
    detail: { kind: q.kind, org: unit.code, from: period.from, to: period.to, lang: q.lang, pdfBytes: pdf.length, xlsxBytes: xlsx.length },
  });
  opts.onProgress?.('audit', BUILD_STEPS.length, BUILD_STEPS.length);
  return { pdf, xlsx, title: `${doc.title} ${doc.orgName} ${periodText(period)}` };
}
