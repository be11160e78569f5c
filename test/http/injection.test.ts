// The injection corpus (SQL, markup, templates, spreadsheet formulas, Unicode oddities) through the public
// registration, in every free-text field it has: each payload is either refused with a clear 400 and nothing stored,
// or stored exactly as typed (names: NFKC, trimmed, whitespace collapsed, as documented in validate.ts), which the
// reveal path shows; the tables are intact afterwards. Rendering it inert in the console and in exports:
// test/web/console-injection.browser.test.ts.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { asStoredName, INJECTION_CORPUS, longText, type Payload } from '../helpers/injection-corpus.ts';
import { idemKey, syntheticPerson } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

/** At most `max` code points (the unit of the schema's maxLength). */
const fit = (text: string, max: number) => [...text].slice(0, max).join('');

for (const dialect of DIALECTS) {
  describe(`the injection corpus on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session;
    const token: Record<'community' | 'floating', string> = { community: '', floating: '' };

    const count = async (t: 'checkins' | 'users' | 'sites' | 'orgUnits') => Number((await rt.database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const reveal = async (id: string) => {
      const res = await as(app, analyst).post(`/api/v1/checkins/${id}/reveal`, { purpose: 'injection corpus check' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { configure: (c) => ({ ...c, checkinLimits: { perAddress: 100_000, perSite: 100_000 } }) });
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'inj-analyst', 'analyst', ['150000']);
      for (const kind of ['community', 'floating'] as const) {
        token[kind] = decodeURIComponent((await createSite(rt.ctx, operator, { orgCode: '150102', kind, name: `${kind} 注入测试` })).url.split('/r/')[1]);
      }
      app = await buildTestApp(rt);
      analyst = await login(app, 'inj-analyst');
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    /** A visitor at a community site with the payload in every free-text field, and two companions named by it. */
    const visitor = (p: Payload) => ({
      token: token.community,
      key: idemKey(),
      direction: 'in',
      person: { ...syntheticPerson(), name: fit(p.text, 40) },
      companions: [
        { name: fit(p.text, 40), relation: 'child' },
        { name: fit(`同行 ${p.text}`, 40), relation: 'other' },
      ],
      community: { role: 'visitor', visiting: fit(p.text, 80) },
      address: { building: fit(p.text, 20), room: fit(p.text, 20), line: fit(p.text, 120) },
    });

    for (const p of INJECTION_CORPUS) {
      it(`${p.name}: ${p.expect === 'store' ? 'stored as typed' : 'refused with a clear 400'}`, async () => {
        const before = await count('checkins');
        const body = visitor(p);
        const res = await as(app, null).post('/api/v1/checkins', body, { 'accept-language': 'en' });
        if (p.expect === 'refuse') {
          expect(res.statusCode, res.body).toBe(400);
          expect(res.json().error).toMatchObject({ code: 'validation.text' });
          expect(res.json().error.message).toMatch(/not allowed/);
          expect(await count('checkins')).toBe(before);
          return;
        }
        expect(res.statusCode, res.body).toBe(201);
        expect(await count('checkins')).toBe(before + 3);
        const self = await reveal(res.json().id);
        expect(self.name).toBe(asStoredName(body.person.name));
        expect(self.details.community).toEqual(body.community);
        expect(self.details.address).toEqual({ building: body.address.building.trim(), room: body.address.room.trim(), line: body.address.line.trim() });
        const group = await as(app, analyst).get(`/api/v1/checkins?group=${res.json().id}`);
        const companions = group.json().items.filter((c: { role: string }) => c.role === 'companion');
        expect(companions).toHaveLength(2);
        const names = await Promise.all(companions.map(async (c: { id: string }) => (await reveal(c.id)).name));
        expect(names.sort()).toEqual(body.companions.map((c) => asStoredName(c.name)).sort());
      });
    }

    it('a floating registration keeps a hostile host and a 120-character address line of the corpus', async () => {
      const line = longText(120);
      const host = fit(INJECTION_CORPUS.map((p) => p.text).filter((t) => t.startsWith('<')).join(''), 80);
      const res = await as(app, null).post('/api/v1/checkins', {
        token: token.floating, key: idemKey(), person: syntheticPerson("O'Brien; drop"), origin: '150102',
        floating: { arrivalDate: '2026-11-01', stayDays: 30, host }, address: { line },
      });
      expect(res.statusCode, res.body).toBe(201);
      const view = await reveal(res.json().id);
      expect(view.details.floating.host).toBe(host);
      expect(view.details.address.line).toBe(line);
      expect(view.name).toBe("O'Brien; drop");
    });

    it('refuses a 300-character name with validation.too_long, storing nothing', async () => {
      const before = await count('checkins');
      const res = await as(app, null).post('/api/v1/checkins', { ...visitor(INJECTION_CORPUS[0]), person: { ...syntheticPerson(), name: longText(300) } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation.too_long', field: 'person.name' });
      expect(await count('checkins')).toBe(before);
    });

    it('staff filters and searches take the corpus as data, not as SQL', async () => {
      for (const p of INJECTION_CORPUS.filter((x) => x.expect === 'store')) {
        const site = await as(app, analyst).get(`/api/v1/checkins?site=${encodeURIComponent(fit(p.text, 16))}`);
        expect([200, 400], site.body).toContain(site.statusCode);
        if (site.statusCode === 200) expect(site.json().items, p.name).toEqual([]);
        // the cursor is compared as text: what comes back is older than it, never everything by a trick
        const cursor = fit(p.text, 32);
        const before = await as(app, analyst).get(`/api/v1/checkins?before=${encodeURIComponent(cursor)}`);
        expect([200, 400], before.body).toContain(before.statusCode);
        if (before.statusCode === 200) for (const item of before.json().items) expect(item.id < cursor, `${p.name}: ${item.id}`).toBe(true);
        const search = await as(app, analyst).post('/api/v1/persons/search', { name: fit(p.text, 40), purpose: 'injection corpus check' });
        expect(search.statusCode, search.body).toBeLessThan(500);
      }
    });

    it('leaves the tables intact and the audit chain whole', async () => {
      expect(await count('users')).toBe(1);
      expect(await count('sites')).toBe(2);
      expect(await count('orgUnits')).toBe(8);
      const stored = INJECTION_CORPUS.filter((p) => p.expect === 'store').length * 3 + 1;
      expect(await count('checkins')).toBe(stored);
      expect((await verifyAuditChain(rt.ctx)).ok).toBe(true);
    });
  });
}
