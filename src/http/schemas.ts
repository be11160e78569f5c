// Schemas shared by every route: the one error body, and helpers to declare each error status a route can answer.
import { Type, type TSchema } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable error id, e.g. auth.invalid_credentials' }),
      message: Type.String({ description: 'in Chinese or English by Accept-Language' }),
      field: Type.Optional(Type.String({ description: 'the request field the error is about' })),
    }),
  },
  { $id: 'ErrorBody' },
);

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 503;

/** Errors every authenticated route can give; add the route's own with `errors(...)`. */
export function errors(...codes: ErrorStatus[]): Record<number, TSchema> {
  const all = new Set<ErrorStatus>([401, 429, 503, ...codes]);
  return Object.fromEntries([...all].map((c) => [c, Type.Ref('ErrorBody')]));
}

/** A value or null: the API says null for "not set", never leaves the key out. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const NoContent = Type.Null({ description: 'no content' });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
