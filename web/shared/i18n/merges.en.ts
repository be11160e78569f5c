import type { MergesMessages } from './merges.zh.ts';

// Typed by the Chinese source: a key missing here (or one not in merges.zh.ts) fails the type check.
const merges: MergesMessages = {
  title: 'Possible duplicates',
};

export default merges;
