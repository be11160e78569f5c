// Request validation: unknown fields are refused, body types are never coerced ("12" is not 12),
// while query strings and params (always text on the wire) are coerced to the declared types.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { ErrorObject } from 'ajv';
import { formatMessage, type Locale } from '../core/messages.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };
const bodyAjv = addFormats(new Ajv({ ...base, coerceTypes: false }));
const textAjv = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));

export function addSharedSchema(schema: { $id?: string }): void {
  bodyAjv.addSchema(schema);
  textAjv.addSchema(schema);
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object) as never;

/** Turns the first schema error into a message naming the field, in the request's language. */
export function describeValidationError(err: ErrorObject, context: string | undefined, locale: Locale): { code: string; message: string; field: string } {
  const path = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const prefix = context && context !== 'body' ? `${context}.` : '';
  const p = err.params as Record<string, unknown>;
  const at = (name: string) => `${prefix}${[path, name].filter(Boolean).join('.')}`;
  let code = 'validation.invalid';
  let params: Record<string, unknown> = { detail: `${at('')} ${err.message ?? ''}`.trim() };
  let field = at('');
  switch (err.keyword) {
    case 'required':
      code = 'validation.required';
      field = at(String(p.missingProperty));
      params = { field };
      break;
    case 'additionalProperties':
      code = 'validation.unknown_field';
      field = at(String(p.additionalProperty));
      params = { field };
      break;
    case 'type':
      code = 'validation.type';
      params = { field, type: String(p.type) };
      break;
    case 'minLength':
    case 'minItems':
      code = 'validation.too_short';
      params = { field, limit: p.limit };
      break;
    case 'maxLength':
    case 'maxItems':
      code = 'validation.too_long';
      params = { field, limit: p.limit };
      break;
    case 'enum':
      code = 'validation.enum';
      params = { field, allowed: (p.allowedValues as unknown[]).join(', ') };
      break;
    case 'pattern':
    case 'format':
      code = 'validation.format';
      params = { field };
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      code = 'validation.range';
      params = { field };
      break;
  }
  return { code, message: formatMessage(locale, code, params), field };
}
