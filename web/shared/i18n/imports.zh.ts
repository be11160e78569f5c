// The console's imports messages, part of the shared catalogue in zh.ts: the source of truth for en.
const imports = {
  title: '名单导入',
};

export type ImportsMessages = typeof imports;
export default imports;
