import type { ExportsMessages } from './exports.zh.ts';

// Typed by the Chinese source: a key missing here (or one not in exports.zh.ts) fails the type check.
const exports: ExportsMessages = {
  title: 'Export',
  button: 'Export',
  dialogTitle: {
    checkins: 'Export check-ins',
    list_entries: 'Export list',
  },
  filters: 'What is exported',
  allInScope: 'Everything in your scope',
  filterNames: {
    orgCode: 'Org unit',
    siteCode: 'Site',
    siteKind: 'Kind',
    flagged: 'Flagged only',
    listId: 'List',
    list: 'List',
    from: 'From',
    to: 'To',
  },
  format: 'File format',
  formats: {
    csv: 'CSV',
    xlsx: 'Excel (XLSX)',
  },
  formatHint: 'Choose XLSX to open the file in Excel: 18-digit ID numbers stay whole. CSV suits other systems.',
  content: 'Content',
  masked: 'Masked (default)',
  clear: 'In clear',
  maskedOnly: 'Your role can export masked values only',
  clearNotice: 'An export in clear is written to the audit log (who, how many rows, why). The file holds personal data: keep it as the rules require and delete it when done.',
  purpose: 'Purpose',
  purposeHint: 'e.g. list of fever cases for the health commission',
  purposeRequired: 'State the purpose of exporting values in clear',
  purposeTooShort: 'The purpose needs at least 4 characters',
  start: 'Export',
  receiving: 'Receiving…',
  rowsProgress: '{done} / {total} rows',
  bytesProgress: '{size} received',
  done: 'Exported {total} rows: {name}',
};

export default exports;
