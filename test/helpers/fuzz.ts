// Generators of hostile requests for the fuzz tests (fast-check): strings, values, bodies mutated from a valid one,
// raw bodies that are not JSON, and header sets with garbage in the places attackers put it.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { INJECTION_CORPUS } from './injection-corpus.ts';

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTION_CORPUS.map((p) => p.text)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', 'x'.repeat(3000), '__proto__', 'constructor', '1e309', 'NaN', '-0', '%00', '../../etc/passwd', '0x10', '2026-13-45', '９９９', 'Ｘ'),
);

/** Numbers JSON can carry, including the ones that break naive code (huge, tiny, negative zero, unsafe integers). */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, -0, 5e-324, 0.1 + 0.2, 36.55, 2 ** 31, 2 ** 53),
);

/** Nested arrays and objects, within the body limit of the test apps. */
export const deepValue: fc.Arbitrary<unknown> = fc.integer({ min: 1, max: 400 }).map((depth) => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, '').chain((v) => fc.constantFrom(v, [], {}, [null], '{"__proto__":{"polluted":1}}').map((c) => (typeof c === 'string' && c.startsWith('{') ? JSON.parse(c) : Array.isArray(c) ? [...c] : typeof c === 'object' && c ? { ...c } : c))) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepValue },
);

/** Sets a nested own property; never walks into a prototype (a "__proto__" path would pollute this process). */
function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  const own = (o: Record<string, unknown>, key: string, v: unknown) => Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
  let o: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(o, key) || typeof o[key] !== 'object' || o[key] === null) own(o, key, {});
    o = o[key] as Record<string, unknown>;
  }
  own(o, path[path.length - 1], value);
}

/**
 * A valid body (made fresh per run, so idempotency keys differ) with one to three fields replaced by hostile values,
 * or removed, or an extra field added; the paths are the body's own fields and some nested ones.
 */
export function mutatedBody(valid: () => Record<string, unknown>, paths: string[][]): fc.Arbitrary<Record<string, unknown>> {
  const edit = fc.record({
    path: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...paths) }, { weight: 1, arbitrary: fc.array(hostileString.filter((s) => s.length > 0 && s.length < 50), { minLength: 1, maxLength: 2 }) }),
    value: fc.option(hostileValue, { nil: undefined }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const body = valid();
    for (const { path, value } of edits) {
      if (value === undefined && path.length === 1) delete body[path[0]];
      else setAt(body, path, value);
    }
    return body;
  });
}

/** What goes on the wire: JSON of a value, or text that is not JSON at all. */
export const rawBody = (json: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: json.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
        '[' .repeat(3000) + ']'.repeat(3000),
        '{"a":' .repeat(1000) + '1' + '}'.repeat(1000),
        '{"token":"x","token":"y"}',
        '1e309',
        '"\\ud800"',
        '',
        '\u0000',
      ),
    },
  );

const printable = (max: number) => fc.string({ unit: 'binary-ascii', maxLength: max }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

/** Headers with garbage where attackers put it; each may be absent. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'accept-language': fc.oneof(printable(60), fc.constantFrom('en', 'zh-CN,zh;q=0.9', '*', 'en;q=abc', 'xx-YY;q=-1, ;;,', 'en-US,en;q=0.9,' + 'x;q=0.1,'.repeat(200))),
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'APPLICATION/JSON',
        'application/json, text/html',
        'text/plain',
        'text/html',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/vnd.api+json',
        'application/json; boundary=;;;',
        '*/*',
      ),
      cookie: fc.oneof(printable(80), fc.constantFrom('tg_session=', 'tg_session=AAAA', 'tg_session=%00', 'tg_session=a; tg_session=b', 'tg_session="unterminated', '=;=;=', 'tg_session=' + 'x'.repeat(4000))),
      authorization: fc.oneof(printable(80), fc.constantFrom('Bearer', 'Bearer ', 'Bearer tgt_', 'Bearer tgt_' + 'A'.repeat(43), 'Basic YWRtaW46YWRtaW4=', 'bearer tgt_x', 'Bearer  tgt_x  ', 'Digest x')),
      'x-csrf-token': printable(40),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1, 10.0.0.1', 'garbage', ''),
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

/** Query strings: known parameters with hostile values, unknown ones, repeats, bad escapes. */
export function hostileQuery(names: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...names), printable(12)), fc.oneof(hostileString, hostileNumber.map(String)));
  // a lone surrogate has no UTF-8 form: sent as the bytes of its CESU form, which servers must refuse
  const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/%EF%BF%BD/g, '%ED%A0%80');
  const encoded = fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'));
  return fc.oneof({ weight: 5, arbitrary: encoded }, { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', 'a[b]=1&a[c]=2', `${names[0] ?? 'x'}=1&${names[0] ?? 'x'}=2`, '&&&=&', `${names[0] ?? 'x'}[]=1`) });
}

/** Every refusal of the API has one shape: {error: {code, message, field?}}. No 5xx, whatever was sent. */
export function expectNoServerError(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    expect(Object.keys(body), what).toEqual(['error']);
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
    expect(Object.keys(body.error!).every((k) => ['code', 'message', 'field'].includes(k)), `${what}: ${res.body}`).toBe(true);
  }
}
