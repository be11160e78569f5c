// The console's exports messages, part of the shared catalogue in zh.ts: the source of truth for en.
const exports = {
  title: '导出',
};

export type ExportsMessages = typeof exports;
export default exports;
