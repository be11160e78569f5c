// Fuzzing (fast-check) every public route, and a handful of staff routes, with generated bodies, query strings and
// headers. Whatever is sent: no 5xx, every refusal in the one error shape, the app still answers /healthz, a refused
// request stores nothing, and what was stored (2xx) passed the same validation the route applies.
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit.ts';
import { CheckinBody } from '../../src/modules/checkins/schema.ts';
import { normalizeSubmission, type SiteKind } from '../../src/modules/checkins/validate.ts';
import { isKnownDivision } from '../../src/modules/divisions/service.ts';
import { ReportBody } from '../../src/modules/grid/observation-schema.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, PASSWORD, seedUser } from '../helpers/factories.ts';
import { expectNoServerError, hostileHeaders, hostileQuery, hostileString, mutatedBody, rawBody } from '../helpers/fuzz.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { buildObservationApp, seedObservationWorld, seedResident, tokenOf } from '../helpers/observation-world.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';

// FUZZ_RUNS and FUZZ_SEED: deeper or other runs by hand (the suite keeps the bounded default)
const RUNS = Number(process.env.FUZZ_RUNS ?? 45);
/** Most requests carry ordinary headers, so bodies reach validation; one in four carries hostile ones. */
const someHeaders = fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileHeaders });
const json = (v: unknown) => JSON.stringify(v);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

/** The routes any anonymous caller reaches; a new public route fails the classification test until fuzzed here. */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'POST /api/v1/auth/login',
  'POST /api/v1/checkins',
  'GET /api/v1/public/sites/resolve',
  'GET /api/v1/divisions',
  'GET /api/v1/public/observation',
  'POST /api/v1/public/observation',
].sort();

for (const dialect of DIALECTS) {
  describe(`fuzzing on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let officer: Session;
    let analyst: Session;
    const sites: Record<SiteKind, string> = { checkpoint: '', community: '', floating: '', station: '' };
    let observationToken = '';
    let pass = '';
    let checkinId = '';

    const counts = async () => {
      const db = rt.database.db;
      const n = async (t: 'checkins' | 'temperatureReports' | 'sessions' | 'users' | 'sites' | 'decisions' | 'observations') =>
        Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { checkins: await n('checkins'), reports: await n('temperatureReports'), sessions: await n('sessions'), users: await n('users'), sites: await n('sites'), decisions: await n('decisions'), observations: await n('observations') };
    };

    const validCheckin = (kind: SiteKind) => (): Record<string, unknown> => {
      const base = { token: sites[kind], key: idemKey(), person: syntheticPerson('王小明') };
      switch (kind) {
        case 'checkpoint':
          return { ...base, direction: 'in', origin: '150102', destination: '150102', temperature: 36.5, companions: [{ name: '王小红', relation: 'child' }] };
        case 'community':
          return { ...base, direction: 'in', community: { role: 'resident' }, address: { building: '3', unit: '1', room: '501', line: '阳光社区' } };
        case 'floating':
          return { ...base, origin: '150102', floating: { arrivalDate: '2026-11-01', stayDays: 30, host: '房东' }, address: { line: '示范街道 1 号' } };
        case 'station':
          return { ...base, direction: 'out', origin: '150102' };
      }
    };
    const CHECKIN_PATHS = [
      ['token'], ['key'], ['direction'], ['person'], ['person', 'name'], ['person', 'idType'], ['person', 'idNumber'], ['person', 'phone'],
      ['companions'], ['companions', '0'], ['companions', '0', 'name'], ['companions', '0', 'relation'], ['vehicle'], ['vehicle', 'plate'],
      ['passengers'], ['origin'], ['destination'], ['places14d'], ['temperature'], ['symptoms'], ['purpose'], ['address'], ['address', 'line'],
      ['address', 'room'], ['community'], ['community', 'visiting'], ['floating'], ['floating', 'arrivalDate'], ['floating', 'stayDays'], ['lang'],
    ];

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, {
        // the fuzz must reach validation, not the rate limits (their own tests are in attacks.test.ts and checkins tests)
        configure: (c) => ({ ...c, bodyLimitBytes: 16 * 1024, rateLimit: { perMinute: 1_000_000, loginPerMinute: 1_000_000 }, checkinLimits: { perAddress: 1_000_000, perSite: 1_000_000 } }),
      });
      await seedObservationWorld(rt.ctx);
      await seedUser(rt.ctx, 'fuzz-officer', 'officer', ['150102']);
      await seedUser(rt.ctx, 'fuzz-analyst', 'analyst', ['150102']);
      for (const kind of Object.keys(sites) as SiteKind[]) {
        const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind, name: `${kind} 测试点` });
        sites[kind] = decodeURIComponent(site.url.split('/r/')[1]);
      }
      const resident = await seedResident(rt.ctx, '张晓明', '501');
      app = await buildObservationApp(rt);
      await app.ready();
      officer = await login(app, 'fuzz-officer');
      analyst = await login(app, 'fuzz-analyst');
      const started = await as(app, await login(app, 'obs-analyst')).post('/api/v1/grid/observations', { personId: resident });
      expect(started.statusCode, started.body).toBe(201);
      observationToken = tokenOf(started.json().link);
      const first = await as(app, null).post('/api/v1/checkins', validCheckin('checkpoint')());
      expect(first.statusCode, first.body).toBe(201);
      ({ pass, id: checkinId } = first.json());
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    /** Sends one request; asserts the shape of the answer, that refusals stored nothing, and that the app lives on. */
    async function send(what: string, opts: InjectOptions, onStored?: (res: { statusCode: number; body: string }) => void) {
      const before = await counts();
      const res = await app.inject(opts);
      expectNoServerError(res, `${what} ${JSON.stringify(opts).slice(0, 400)}`);
      if (res.statusCode >= 400) {
        const after = await counts();
        expect({ ...after, sessions: before.sessions }, what).toEqual(before);
      } else onStored?.(res);
      return res;
    }

    it('knows every public route', async () => {
      const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
      const found: string[] = [];
      for (const [p, methods] of Object.entries(paths)) {
        for (const m of Object.keys(methods)) {
          if (m === 'head' || p === '/api/v1/stream') continue; // the stream is never-ending; it refuses anonymous callers (stream tests)
          const url = p.replace(/\{[^}]+\}/g, 'x');
          const res = await app.inject({ method: m.toUpperCase() as 'GET', url, ...(m !== 'get' && m !== 'delete' && { payload: {} }) });
          const code = res.headers['content-type']?.toString().includes('json') ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
          if (!(res.statusCode === 401 && code === 'auth.required')) found.push(`${m.toUpperCase()} ${p}`);
        }
      }
      expect(found.sort()).toEqual(PUBLIC_ROUTES);
    });

    it('POST /api/v1/checkins: mutated valid bodies of every site kind, raw garbage, hostile headers', async () => {
      const kinds = Object.keys(sites) as SiteKind[];
      const body = fc.oneof(...kinds.map((k) => mutatedBody(validCheckin(k), CHECKIN_PATHS)), fc.anything({ maxDepth: 3 }));
      await fc.assert(
        fc.asyncProperty(rawBody(body), someHeaders, async (payload, headers) => {
          await send('POST /checkins', { method: 'POST', url: '/api/v1/checkins', payload, headers: { 'content-type': 'application/json', ...headers } }, () => {
            // stored: the body passed the schema and the kind's rules
            const sent = JSON.parse(payload);
            expect(Value.Check(CheckinBody, sent)).toBe(true);
            const kind = kinds.find((k) => sites[k] === sent.token)!;
            expect(() => normalizeSubmission(kind, sent, isKnownDivision)).not.toThrow();
          });
        }),
        {
          numRuns: RUNS * 2,
          seed: SEED, endOnFailure: true,
          examples: [
            [json({ ...validCheckin('checkpoint')(), person: { ...syntheticPerson(), name: '王\u0000明' } }), {}],
            [json({ ...validCheckin('community')(), address: { line: '\uDC00', room: '1' } }), {}],
            [json({ ...validCheckin('floating')(), floating: { arrivalDate: '2026-02-31', stayDays: 3 } }), {}],
            [json({ ...validCheckin('checkpoint')(), temperature: 1e308 }), {}],
          ],
        },
      );
    });

    it('POST /api/v1/auth/login: never a session for garbage, lockout and refusals in the one shape', async () => {
      const valid = () => ({ username: 'fuzz-victim', password: 'wrong-' + idemKey() });
      await seedUser(rt.ctx, 'fuzz-victim', 'officer', ['150102']);
      const body = fc.oneof(mutatedBody(valid, [['username'], ['password'], ['totp']]), fc.anything({ maxDepth: 2 }));
      await fc.assert(
        fc.asyncProperty(rawBody(body), someHeaders, async (payload, headers) => {
          const res = await send('POST /auth/login', { method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'content-type': 'application/json', ...headers } }, () => {
            expect(JSON.parse(payload).password).toBe(PASSWORD);
          });
          expect(res.headers['set-cookie'] ?? '', payload).not.toMatch(/tg_session=[^;]/);
        }),
        {
          numRuns: RUNS,
          seed: SEED, endOnFailure: true,
          examples: [
            [json({ username: 'fuzz\u0000victim', password: 'x' }), {}],
            [json({ username: 'fuzz-victim', password: 'x\u0000' }), {}],
            [json({ username: '\uD800', password: 'x' }), {}],
            [json({ username: 'fuzz-victim', password: 'x', totp: '１２３４５６' }), {}],
          ],
        },
      );
    });

    it('GET /api/v1/public/sites/resolve and GET /api/v1/divisions: hostile query strings and headers', async () => {
      const token = fc.oneof(hostileString, fc.constantFrom(...Object.values(sites)).chain((t) => fc.nat({ max: t.length - 1 }).map((i) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1))));
      const query = fc.oneof(hostileQuery(['token']), token.map((t) => `token=${encodeURIComponent(t)}`));
      await fc.assert(
        fc.asyncProperty(query, someHeaders, async (q, headers) => {
          await send('GET resolve', { method: 'GET', url: `/api/v1/public/sites/resolve?${q}`, headers });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: [['token=%00', {}], ['token=%ED%A0%80', {}], [`token=${encodeURIComponent(sites.checkpoint)}%00`, {}]] },
      );
      await fc.assert(
        fc.asyncProperty(hostileQuery(['parent']), someHeaders, async (q, headers) => {
          await send('GET divisions', { method: 'GET', url: `/api/v1/divisions?${q}`, headers });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });

    it('GET and POST /api/v1/public/observation: hostile tokens, bodies and headers', async () => {
      const tokenHeader = fc.oneof(hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constant(observationToken), fc.nat({ max: observationToken.length - 1 }).map((i) => observationToken.slice(0, i) + '-' + observationToken.slice(i + 1)));
      await fc.assert(
        fc.asyncProperty(tokenHeader, someHeaders, hostileQuery(['token']), async (token, headers, q) => {
          await send('GET observation', { method: 'GET', url: `/api/v1/public/observation?${q}`, headers: { ...headers, 'x-observation-token': token } });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      const valid = () => ({ token: observationToken, clientId: idemKey(), temperature: 36.6, symptoms: ['cough'] });
      const body = fc.oneof(mutatedBody(valid, [['token'], ['clientId'], ['temperature'], ['symptoms'], ['symptoms', '0']]), fc.anything({ maxDepth: 2 }));
      await fc.assert(
        fc.asyncProperty(rawBody(body), someHeaders, async (payload, headers) => {
          await send('POST observation', { method: 'POST', url: '/api/v1/public/observation', payload, headers: { 'content-type': 'application/json', ...headers } }, () => {
            const sent = JSON.parse(payload);
            expect(Value.Check(ReportBody, sent)).toBe(true);
            expect(sent.temperature).toBeGreaterThanOrEqual(35);
            expect(sent.temperature).toBeLessThanOrEqual(42);
          });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });

    it('GET /healthz and /readyz: hostile query strings and headers', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/healthz', '/readyz'), hostileQuery(['x']), someHeaders, async (url, q, headers) => {
          await send(`GET ${url}`, { method: 'GET', url: `${url}?${q}`, headers });
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });

    it('the pages and the API description (public, hidden from the API list): hostile paths, queries and headers', async () => {
      const path = fc.oneof(
        fc.constantFrom('/', '/console', '/console/', '/officer/', '/register/', '/observe/', '/api/openapi.json', '/api/docs/', '/console-sw.js', '/r/'),
        fc.tuple(fc.constantFrom('/console/', '/r/', '/observe/', '/assets/'), hostileString).map(([p, s]) => p + encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))),
        fc.constantFrom('/console/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/r/%00', '/console/%', '/..%5c..%5cetc%5cpasswd'),
      );
      await fc.assert(
        fc.asyncProperty(path, hostileQuery(['x']), someHeaders, async (p, q, headers) => {
          const res = await app.inject({ method: 'GET', url: `${p}?${q}`, headers });
          // 503 only where the pages were not built (npm run build:web), said in plain text
          if (res.statusCode === 503) expect(res.body).toMatch(/not built/);
          else expect(res.statusCode, `${p}?${q}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          expect(res.body).not.toMatch(/"name":\s*"tracegrid"/); // no file outside the pages
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });

    it('staff routes, as an officer and as an analyst: mutated bodies and queries, no 5xx', async () => {
      const routes: { who: () => Session; url: string; valid: () => Record<string, unknown>; paths: string[][] }[] = [
        { who: () => officer, url: '/api/v1/passes/scan', valid: () => ({ token: pass }), paths: [['token']] },
        { who: () => officer, url: '/api/v1/lookups', valid: () => ({ by: 'idNumber', value: syntheticPerson().idNumber, purpose: 'fuzz' }), paths: [['by'], ['value'], ['purpose']] },
        { who: () => officer, url: `/api/v1/checkins/${checkinId}/decisions`, valid: () => ({ decision: 'hold' }), paths: [['decision'], ['note'], ['reason']] },
        { who: () => analyst, url: '/api/v1/persons/search', valid: () => ({ idNumber: syntheticPerson().idNumber, purpose: 'fuzz' }), paths: [['idNumber'], ['phone'], ['name'], ['purpose']] },
        { who: () => analyst, url: '/api/v1/traces', valid: () => ({ idNumber: syntheticPerson().idNumber, purpose: 'fuzz' }), paths: [['idNumber'], ['depth'], ['from'], ['to'], ['purpose']] },
        { who: () => analyst, url: '/api/v1/exports', valid: () => ({ kind: 'checkins', format: 'csv', filter: { orgCode: '150102' } }), paths: [['kind'], ['format'], ['filter'], ['filter', 'orgCode'], ['filter', 'from'], ['reveal'], ['reveal', 'purpose']] },
        { who: () => analyst, url: '/api/v1/reports', valid: () => ({ kind: 'analysis', org: '150102', to: '2026-11-01' }), paths: [['kind'], ['org'], ['to'], ['from']] },
        { who: () => analyst, url: `/api/v1/checkins/${checkinId}/reveal`, valid: () => ({ purpose: 'fuzz' }), paths: [['purpose']] },
      ];
      const route = fc.nat({ max: routes.length - 1 }).chain((i) => mutatedBody(routes[i].valid, routes[i].paths).map((b) => ({ r: routes[i], b })));
      await fc.assert(
        fc.asyncProperty(route, async ({ r, b }) => {
          const res = await as(app, r.who()).post(r.url, b);
          expectNoServerError(res, `${r.url} ${JSON.stringify(b).slice(0, 300)}`);
        }),
        {
          numRuns: RUNS * 2,
          seed: SEED, endOnFailure: true,
          examples: [
            [{ r: routes[1], b: { by: 'phone', value: '139\u00000000000', purpose: 'x' } }],
            [{ r: routes[3], b: { name: '\u0000', purpose: '\uD800' } }],
            [{ r: routes[0], b: { token: '\u0000' } }],
          ],
        },
      );
      const lists = ['/api/v1/checkins', '/api/v1/traces', '/api/v1/reports', '/api/v1/imports', '/api/v1/dashboard', '/api/v1/grid/tasks'];
      const names = ['site', 'group', 'kind', 'flagged', 'from', 'to', 'before', 'limit', 'org', 'status', 'q'];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...lists), hostileQuery(names), fc.boolean(), async (url, q, asOfficer) => {
          const res = await as(app, asOfficer ? officer : analyst).get(`${url}?${q}`);
          expectNoServerError(res, `${url}?${q}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: [['/api/v1/checkins', 'site=%00', true], ['/api/v1/checkins', 'before=%00', false], ['/api/v1/checkins', 'group=%ED%A0%80', true]] },
      );
    });

    it('still answers /healthz, and the audit chain is intact', async () => {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await verifyAuditChain(rt.ctx)).ok).toBe(true);
    });
  });
}
