// Validators shared by the server and the public registration page (imported there as `@validation`).
// Pure TypeScript: no Node.js modules, no I/O, no data files, so the page's bundle stays small.
export * from './result.ts';
export * from './id-number.ts';
export * from './phone.ts';
export * from './plate.ts';
export * from './measures.ts';
