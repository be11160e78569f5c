// Domain errors: a stable code, parameters for the message, and a kind the HTTP layer maps to a status.
// Domain code never picks HTTP status codes itself.
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

const make =
  (kind: ErrorKind) =>
  (code: string, params: Record<string, string | number> = {}, field?: string) =>
    new DomainError(code, kind, params, field);

export const invalid = make('invalid');
export const unauthenticated = make('unauthenticated');
export const forbidden = make('forbidden');
export const notFound = make('not_found');
export const conflict = make('conflict');
export const locked = make('locked');
export const unavailable = make('unavailable');

/** Configuration or start-up problem: the CLI prints the message and exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
