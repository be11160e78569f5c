// Table types of analytics: the rollups (migration 0006) and the reports kept for download (migration 0007).

/** Counts of check-ins (people) per site and epoch hour, and per site and day; see migration 0006. */
export interface RollupSiteCounts {
  siteId: string;
  orgPath: string;
  kind: string;
  people: number;
  submissions: number;
  flagged: number;
  entries: number;
  exits: number;
}

export interface RollupSiteHourTable extends RollupSiteCounts {
  hour: number;
}

export interface RollupSiteDayTable extends RollupSiteCounts {
  day: string;
}

export interface RollupFlagDayTable {
  day: string;
  orgPath: string;
  flag: string;
  people: number;
}

export interface RollupOriginDayTable {
  day: string;
  orgPath: string;
  origin: string;
  people: number;
}

export interface RollupListDayTable {
  day: string;
  orgPath: string;
  kind: string;
  added: number;
  ended: number;
}

/** A report asked for or scheduled; its files are <dataDir>/reports/<id>.pdf|.xlsx. */
export interface ReportTable {
  id: string;
  kind: string; // 'analysis' | 'weekly'
  orgUnitId: string;
  orgPath: string;
  fromDay: string;
  toDay: string;
  lang: string; // 'zh' | 'en'
  status: string; // 'queued' | 'running' | 'done' | 'failed'
  trigger: string; // 'on_demand' | 'schedule'
  scheduleKey: string | null;
  requestedBy: string | null;
  title: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  heartbeatAt: number | null;
  attempts: number;
  error: string | null;
  pdfBytes: number | null;
  xlsxBytes: number | null;
  /** percent of the build's steps done, for the console's bar */
  progress: number;
}

export interface ReportFileTable {
  reportId: string;
  format: string;
  data: Buffer;
}
