import type { ImportsMessages } from './imports.zh.ts';

// Typed by the Chinese source: a key missing here (or one not in imports.zh.ts) fails the type check.
const imports: ImportsMessages = {
  title: 'List imports',
};

export default imports;
