// GB/T 2260 divisions from the public, cacheable cascade endpoint: one level per request, kept for the page's life.
// Shared by the console (division picker, risk areas, reveal dialog) and the officer app (check-in sheet).
import { api } from './api.ts';

export interface Division {
  code: string;
  name: string;
}

const levels = new Map<string, Promise<Division[]>>();

/** Provinces, or the children of a division ([] when it has none or is unknown). */
export function divisionChildren(parent?: string): Promise<Division[]> {
  const key = parent ?? '';
  let found = levels.get(key);
  if (!found) {
    found = api.get<{ items: Division[] }>('/api/v1/divisions', { parent }).then((r) => r.items);
    void found.catch(() => levels.delete(key)); // a failure is not remembered: the next call asks again
    levels.set(key, found);
  }
  return found.catch(() => []);
}

/** County codes never end in 00; provinces and cities (which may have children) do. */
export const mayHaveChildren = (code: string): boolean => code.endsWith('00');

/** Province, city and county of a code, from the top; [] when the code is not known. */
export async function divisionPath(code: string): Promise<Division[]> {
  const province = (await divisionChildren()).find((d) => d.code === `${code.slice(0, 2)}0000`);
  if (!province) return [];
  if (province.code === code) return [province];
  const second = await divisionChildren(province.code);
  const direct = second.find((d) => d.code === code); // a city, or a municipality's district
  if (direct) return [province, direct];
  const city = second.find((d) => d.code === `${code.slice(0, 4)}00`);
  const county = city ? (await divisionChildren(city.code)).find((d) => d.code === code) : undefined;
  return city && county ? [province, city, county] : [];
}
