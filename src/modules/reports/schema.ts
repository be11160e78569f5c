// HTTP shapes of reports kept for download.
import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';

const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Kind = Type.Union([Type.Literal('analysis'), Type.Literal('weekly')], { description: 'analysis: 研判报告; weekly: 周调度 (weekly dispatch)' });
const Lang = (options = {}) => Type.Union([Type.Literal('zh'), Type.Literal('en')], options);

export const ReportViewSchema = Type.Object({
  id: Type.String(),
  kind: Kind,
  org: Type.Object({ code: Type.String(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  lang: Lang(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  trigger: Type.Union([Type.Literal('on_demand'), Type.Literal('schedule')]),
  requestedBy: Nullable(Type.String({ description: 'username of who asked; null for the schedule' })),
  title: Nullable(Type.String()),
  error: Nullable(Type.String({ description: 'why it failed, in the request language' })),
  pdfBytes: Nullable(Type.Integer()),
  xlsxBytes: Nullable(Type.Integer()),
  progress: Type.Integer({ minimum: 0, maximum: 100, description: "percent of the build's steps done" }),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});

export const ReportBody = Type.Object(
  {
    kind: Kind,
    org: Type.String({ minLength: 1, maxLength: 32, description: 'org unit code, in your scope' }),
    from: Type.Optional(Day('first day (China time); default: `to` for the analysis report, `to` - 6 days for the weekly dispatch')),
    to: Day('last day (China time), not after today'),
    lang: Type.Optional(Lang({ description: 'language of the documents; default zh' })),
  },
  { additionalProperties: false },
);

export const ReportQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'reports of this org unit and the units below it' })),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'nextBefore of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const ReportList = Type.Object({ items: Type.Array(ReportViewSchema), nextBefore: Nullable(Type.String()) });

export const FileQuery = Type.Object({ format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')]) }, { additionalProperties: false });

/** The file itself, streamed. */
export const ReportFileBody = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'application/pdf or the XLSX type' });
