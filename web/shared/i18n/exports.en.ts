import type { ExportsMessages } from './exports.zh.ts';

// Typed by the Chinese source: a key missing here (or one not in exports.zh.ts) fails the type check.
const exports: ExportsMessages = {
  title: 'Export',
};

export default exports;
