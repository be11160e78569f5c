import type { ReportsMessages } from './reports.zh.ts';

// Typed by the Chinese source: a key missing here (or one not in reports.zh.ts) fails the type check.
const reports: ReportsMessages = {
  title: 'Reports',
  generate: 'New report',
  refresh: 'Refresh',
  empty: 'No reports yet',
  kinds: {
    analysis: 'Analysis report',
    weekly: 'Weekly dispatch',
  },
  status: {
    queued: 'Queued',
    running: 'Being made',
    done: 'Done',
    failed: 'Failed',
  },
  col: {
    createdAt: 'Asked for',
    kind: 'Kind',
    org: 'Org unit',
    period: 'Period',
    lang: 'Language',
    status: 'Status',
    by: 'Asked by',
    files: 'Download',
  },
  scheduled: 'Scheduled',
  pdf: 'PDF',
  xlsx: 'XLSX',
  langs: {
    zh: '中文',
    en: 'English',
  },
  dialog: {
    title: 'New report',
    kind: 'Kind',
    org: 'Org unit',
    orgHint: 'Choose an org unit',
    period: 'Period',
    week: 'Week ending',
    weekHint: 'The weekly dispatch covers the 7 days ending that day, against the 7 days before',
    lang: 'Language',
    submit: 'Make',
    kindRequired: 'Choose the kind of report',
    orgRequired: 'Choose the org unit',
    periodRequired: 'Choose the period',
    start: 'Start',
    end: 'End',
  },
  queued: 'The report was asked for and is being made',
  finished: 'The report "{name}" is ready',
};

export default reports;
