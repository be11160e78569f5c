// The origin of a listed person: a GB/T 2260 code, or a division's name as lists write it ("武汉市",
// "湖北省武汉市", "内蒙古自治区/呼和浩特市/新城区"). A name shared by several divisions (新城区) resolves only
// with its parents. Built once from the divisions service's tree.
import { childrenOf, isKnownDivision, pathOf } from '../divisions/service.ts';

let byName: Map<string, string | null> | null = null;

const compact = (s: string) => s.normalize('NFKC').replace(/[\s/\\|,，、\-—>·]/g, '');

/** Short forms lists use: 湖北省 -> 湖北, 武汉市 -> 武汉 (only when what remains is at least two characters). */
function shortForms(name: string): string[] {
  const m = /^(.{2,}?)(省|市|自治区|特别行政区|地区|盟|自治州)$/u.exec(name);
  return m ? [name, m[1]] : [name];
}

function build(): Map<string, string | null> {
  const map = new Map<string, string | null>();
  const add = (key: string, code: string) => {
    const k = compact(key);
    if (!k) return;
    const had = map.get(k);
    // Two divisions under one name: the name alone is ambiguous (null), unless the same code.
    map.set(k, had === undefined || had === code ? code : null);
  };
  const walk = (parent: string | null) => {
    for (const d of childrenOf(parent) ?? []) {
      const path = pathOf(d.code) ?? [d];
      // every tail of the path, with and without short forms of each part: 新城区, 呼和浩特市新城区, 内蒙古呼和浩特新城区 ...
      for (let start = 0; start < path.length; start++) {
        let variants = [''];
        for (const part of path.slice(start)) variants = variants.flatMap((v) => shortForms(part.name).map((s) => v + s));
        for (const v of variants) add(v, d.code);
      }
      walk(d.code);
    }
  };
  walk(null);
  byName = map;
  return map;
}

export type OriginCheck = { ok: true; code: string } | { ok: false; reason: 'validation.division.unknown' | 'import.origin.unknown' };

export function resolveOrigin(raw: string): OriginCheck {
  const v = raw.normalize('NFKC').trim();
  if (/^\d{6}$/.test(v)) return isKnownDivision(v) ? { ok: true, code: v } : { ok: false, reason: 'validation.division.unknown' };
  // 12-digit statistical codes (150102001000) start with the county's code
  if (/^\d{12}$/.test(v) && isKnownDivision(v.slice(0, 6))) return { ok: true, code: v.slice(0, 6) };
  const code = (byName ?? build()).get(compact(v));
  return code ? { ok: true, code } : { ok: false, reason: 'import.origin.unknown' };
}
