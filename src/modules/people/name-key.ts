// Name keys for matching records of one person typed differently: 张三 / 章三 / "Zhang San" share the toneless
// pinyin "zhangsan". Pure: no I/O.
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

// Names repeat (a list of millions holds a few hundred thousand distinct names): converting is the costly part.
const cache = new Map<string, string>();
const CACHE_SIZE = 50_000;

/** Toneless pinyin of a Chinese name, or the lower-case letters of a Latin one; '' when nothing is left. */
export function pinyinKey(name: string): string {
  let key = cache.get(name);
  if (key === undefined) {
    key = convert(name);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(name, key);
  }
  return key;
}

function convert(name: string): string {
  const n = name.normalize('NFKC').trim();
  const latin = HAN.test(n) ? pinyin(n, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('') : n;
  return latin.toLowerCase().replace(/[^a-z]/g, '');
}

/** A name as compared: NFKC, no spaces or middle dots, lower case. */
export function compactName(name: string): string {
  return name.normalize('NFKC').replace(/[\s·・.-]/g, '').toLowerCase();
}
