// GB/T 2260 division data (service, pure) and the public cascade route.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDivisionCode, validateDivisionCode } from '../../src/core/validation/index.ts';
import { childrenOf, divisionName, getDivision, isKnownDivision, pathName, pathOf } from '../../src/modules/divisions/service.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { buildTestApp } from '../helpers/server.ts';

const names = (code: string | null) => childrenOf(code)?.map((d) => d.name);
const codes = (code: string | null) => childrenOf(code)?.map((d) => d.code);

describe('division data', () => {
  it('has the 34 provincial divisions, Inner Mongolia with its 12 prefectures and their counties', () => {
    expect(childrenOf(null)).toHaveLength(34);
    expect(names(null)).toContain('内蒙古自治区');
    expect(names(null)).toContain('香港特别行政区');
    expect(codes('150000')).toEqual(['150100', '150200', '150300', '150400', '150500', '150600', '150700', '150800', '150900', '152200', '152500', '152900']);
    expect(childrenOf('150100')!.slice(0, 2)).toEqual([
      { code: '150102', name: '新城区', level: 'county', parent: '150100' },
      { code: '150103', name: '回民区', level: 'county', parent: '150100' },
    ]);
    expect(names('150200')).toContain('东河区');
  });

  it('leaves out the statistical "市辖区" placeholders', () => {
    expect(isKnownDivision('150101')).toBe(false);
    expect(names('150100')).not.toContain('市辖区');
  });

  it('puts the districts of the municipalities directly under them', () => {
    expect(isKnownDivision('110100')).toBe(false);
    expect(childrenOf('110000')!.every((d) => d.level === 'county')).toBe(true);
    expect(names('110000')).toContain('东城区');
    expect(codes('500000')).toEqual(expect.arrayContaining(['500101', '500229'])); // Chongqing: districts 5001xx, counties 5002xx
    expect(names('310000')).toContain('浦东新区');
    expect(pathName('110101')).toBe('北京市 / 东城区');
  });

  it('names the placeholder for counties directly under a province as the standard does', () => {
    expect(divisionName('429000')).toBe('省直辖县级行政区划');
    expect(divisionName('659000')).toBe('自治区直辖县级行政区划');
    expect(names('429000')).toContain('仙桃市');
    expect(pathName('429004')).toBe('湖北省 / 仙桃市');
    expect(pathName('429000')).toBe('湖北省 / 省直辖县级行政区划');
  });

  it('gives the path from the province down, for display', () => {
    expect(pathName('150102')).toBe('内蒙古自治区 / 呼和浩特市 / 新城区');
    expect(pathOf('150100')!.map((d) => d.code)).toEqual(['150000', '150100']);
    expect(pathOf('150000')!.map((d) => d.level)).toEqual(['province']);
    expect(pathOf('999999')).toBeNull();
    expect(pathName('150199')).toBeNull();
  });

  it('answers for unknown codes and divisions without children', () => {
    expect(childrenOf('999999')).toBeNull();
    expect(childrenOf('150199')).toBeNull();
    expect(childrenOf('441900')).toEqual([]); // 东莞市 has no counties
    expect(childrenOf('150102')).toEqual([]);
    expect(divisionName('999999')).toBeNull();
  });

  it('shows the Chinese name in English too rather than a made-up translation', () => {
    expect(divisionName('150102', 'en')).toBe('新城区');
  });

  it('is a consistent tree of six-digit codes', () => {
    const seen = new Set<string>();
    // provinces hold cities, or (municipalities) counties directly; cities hold counties; counties nothing
    const allowed: Record<string, string[]> = { top: ['province'], province: ['city', 'county'], city: ['county'], county: [] };
    const walk = (parent: string | null, parentLevel: string) => {
      for (const d of childrenOf(parent)!) {
        expect(isDivisionCode(d.code), d.code).toBe(true);
        expect(seen.has(d.code), d.code).toBe(false);
        seen.add(d.code);
        expect(getDivision(d.code)).toEqual(d);
        expect(allowed[parentLevel], d.code).toContain(d.level);
        // codes nest under their parent's: a province's first 2 digits, a city's first 4
        if (parent) expect(d.code.slice(0, parent.endsWith('0000') ? 2 : 4)).toBe(parent.slice(0, parent.endsWith('0000') ? 2 : 4));
        walk(d.code, d.level);
      }
    };
    walk(null, 'top');
    expect(seen.size).toBeGreaterThan(3000);
    expect(validateDivisionCode('150102', isKnownDivision)).toEqual({ ok: true, value: '150102' });
    expect(validateDivisionCode('150199', isKnownDivision)).toEqual({ ok: false, reason: 'division.unknown' });
  });
});

// The route touches no storage; it runs on both engines like every test that builds the app.
for (const dialect of DIALECTS) {
  describe(`GET /api/v1/divisions on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      app = await buildTestApp(rt);
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('lists the provinces without a login, cacheable for a day', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/divisions' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
      const items = res.json().items;
      expect(items).toHaveLength(34);
      expect(items[0]).toEqual({ code: '110000', name: '北京市' });
    });

    it('lists the children of a division', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/divisions?parent=150100' });
      expect(res.statusCode).toBe(200);
      expect(res.json().items[0]).toEqual({ code: '150102', name: '新城区' });
      expect((await app.inject({ method: 'GET', url: '/api/v1/divisions?parent=441900' })).json()).toEqual({ items: [] });
    });

    it('answers 404 for an unknown parent and 400 for a malformed one', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/divisions?parent=150199', headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toEqual({ code: 'division.not_found', message: 'No division "150199"', field: 'parent' });
      expect((await app.inject({ method: 'GET', url: '/api/v1/divisions?parent=15' })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/api/v1/divisions?other=1' })).statusCode).toBe(400);
    });
  });
}
