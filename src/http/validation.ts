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

/**
 * Text nobody types: C0 controls other than tab, line feed and carriage return, DEL, and lone UTF-16 surrogates
 * (JSON's "\ud800", "%ED%A0%80" in a query). PostgreSQL refuses NUL in text (a 500, not a 400), and a lone surrogate
 * is written as U+FFFD: what was stored, and hashed into the audit chain, would differ from what was checked.
 * Refused in every part of every request, after the schema (so unknown fields keep their own message).
 */
// eslint-disable-next-line no-control-regex -- these control characters are what the expression is about
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const badText = (s: string) => CONTROL.test(s) || LONE_SURROGATE.test(s);

/** The JSON pointer of the first string (or object key) holding such text, or null. */
export function unsafeTextAt(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (badText(v)) return at;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (badText(k)) return at;
        stack.push([child, `${at}/${k}`]);
      }
    }
  }
  return null;
}

type Validate = ((data: unknown, ctx?: unknown) => boolean) & { errors?: ErrorObject[] | null; schemaEnv?: unknown };

function refusingUnsafeText(validate: Validate): Validate {
  const wrapped: Validate = (data, ctx) => {
    if (!validate(data, ctx)) {
      wrapped.errors = validate.errors;
      return false;
    }
    const at = unsafeTextAt(data);
    wrapped.errors = at === null ? null : [{ keyword: 'text', instancePath: at, schemaPath: '#', params: {}, message: 'holds control characters or broken Unicode' }];
    return at === null;
  };
  // Fastify passes the parent (so coercion can replace the root) only to validators that carry schemaEnv.
  wrapped.schemaEnv = validate.schemaEnv;
  return wrapped;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  refusingUnsafeText((httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object) as unknown as Validate) as never;

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
    case 'text':
      code = 'validation.text';
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
