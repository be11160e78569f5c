// Name keys for matching records of one person typed differently: 张三 / 章三 / "Zhang San" share the toneless
// pinyin "zhangsan". Pure: no I/O.
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/** Toneless pinyin of a Chinese name, or the lower-case letters of a Latin one; '' when nothing is left. */
export function pinyinKey(name: string): string {
  const n = name.normalize('NFKC').trim();
  const latin = HAN.test(n) ? pinyin(n, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('') : n;
  return latin.toLowerCase().replace(/[^a-z]/g, '');
}

/** A name as compared: NFKC, no spaces or middle dots, lower case. */
export function compactName(name: string): string {
  return name.normalize('NFKC').replace(/[\s·・.-]/g, '').toLowerCase();
}
