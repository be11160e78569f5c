// Worker thread entry of an import job: workers do not inherit the TypeScript loader, so this plain JavaScript
// shim registers tsx first, then loads the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./job-worker.ts');
