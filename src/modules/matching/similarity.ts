// How likely two person records are the same human: additive evidence from name, documents, phone, birth date,
// gender and place, each named so an analyst can see why a pair was proposed. Pure: no I/O.
import { pinyin } from 'pinyin-pro';
import { compactName, pinyinKey } from '../people/name-key.ts';
import type { PersonPii } from '../people/pii.ts';

export const REASON_KINDS = [
  'same_document',
  'name_exact',
  'name_pinyin',
  'name_similar',
  'surname',
  'phone',
  'birth_date',
  'birth_month',
  'address',
  'place',
  'gender_conflict',
  'birth_conflict',
  'document_conflict',
] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export interface Reason {
  kind: ReasonKind;
  /** contribution to the score; negative for evidence against */
  weight: number;
}

export interface Similarity {
  /** 0..1 */
  score: number;
  reasons: Reason[];
}

/** Pairs at or above this score are offered to an analyst. Pinyin-equal names with the same phone reach it. */
export const CANDIDATE_THRESHOLD = 0.55;

const W = {
  same_document: 0.5,
  name_exact: 0.4,
  name_pinyin: 0.35,
  name_similar: 0.3, // at a Jaro-Winkler of 1; scaled down to 0 at JW_FLOOR
  surname: 0.05,
  phone: 0.35,
  birth_date: 0.15,
  birth_month: 0.07,
  address: 0.1, // at ADDRESS_FULL shared leading characters
  place: 0.06, // same county of the ID document; half for the same city
  gender_conflict: -0.3,
  birth_conflict: -0.15,
  document_conflict: -0.3,
} as const;

const JW_FLOOR = 0.85;
const ADDRESS_MIN = 4;
const ADDRESS_FULL = 12;

const HAN = /\p{Script=Han}/u;
const round = (n: number) => Math.round(n * 1000) / 1000;

/** Name tokens: pinyin syllables of a Chinese name, words of a Latin one. */
function nameTokens(name: string): string[] {
  const n = name.normalize('NFKC').trim();
  const parts = HAN.test(n) ? pinyin(n, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) : n.split(/[\s·・.,-]+/);
  return parts.map((p) => p.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
}

/**
 * The ways a name may be written: as given, and for Latin names with the family name moved from the end to the
 * front or back ("San Zhang", "Xiaoming Zhang" against 张三, 张小明).
 */
function nameVariants(name: string): { keys: string[]; surnames: string[] } {
  let v = variantCache.get(name);
  if (!v) {
    // Pinyin is the costly part of scoring and a batch compares the same names many times: remember a few.
    if (variantCache.size >= 10_000) variantCache.clear();
    variantCache.set(name, (v = computeVariants(name)));
  }
  return v;
}
const variantCache = new Map<string, { keys: string[]; surnames: string[] }>();

function computeVariants(name: string): { keys: string[]; surnames: string[] } {
  const key = pinyinKey(name);
  if (HAN.test(name)) {
    const t = nameTokens(name);
    return { keys: key ? [key] : [], surnames: t.length > 1 ? [t[0]] : [] };
  }
  const t = nameTokens(name);
  if (t.length < 2) return { keys: key ? [key] : [], surnames: [] };
  const last = t[t.length - 1];
  const keys = new Set([key, last + t.slice(0, -1).join(''), t.slice(1).join('') + t[0]]);
  return { keys: [...keys].filter(Boolean), surnames: [t[0], last] };
}

/** Jaro similarity (0..1). */
function jaro(a: string, b: string): number {
  if (a === b) return a ? 1 : 0;
  if (!a || !b) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aUsed = new Array<boolean>(a.length).fill(false);
  const bUsed = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bUsed[j] || a[i] !== b[j]) continue;
      aUsed[i] = bUsed[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aUsed[i]) continue;
    while (!bUsed[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  return (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro-Winkler similarity (0..1), the same whichever string comes first. */
export function jaroWinkler(a: string, b: string): number {
  const jw = (x: string, y: string) => {
    const j = jaro(x, y);
    let prefix = 0;
    while (prefix < 4 && prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
    return j + prefix * 0.1 * (1 - j);
  };
  return Math.max(jw(a, b), jw(b, a));
}

function nameReason(a: string, b: string): Reason | null {
  const ca = compactName(a);
  if (ca && ca === compactName(b)) return { kind: 'name_exact', weight: W.name_exact };
  const va = nameVariants(a);
  const vb = nameVariants(b);
  if (va.keys.some((k) => vb.keys.includes(k))) return { kind: 'name_pinyin', weight: W.name_pinyin };
  let best = 0;
  for (const x of va.keys) for (const y of vb.keys) best = Math.max(best, jaroWinkler(x, y));
  const similar = round((W.name_similar * (best - JW_FLOOR)) / (1 - JW_FLOOR));
  if (similar > 0) return { kind: 'name_similar', weight: similar };
  if (va.surnames.some((s) => vb.surnames.includes(s))) return { kind: 'surname', weight: W.surname };
  return null;
}

const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
const documentOf = (s: string | undefined) => (s ?? '').replace(/\s/g, '').toUpperCase();
const compactAddress = (s: string | undefined) => (s ?? '').normalize('NFKC').replace(/[\s,，、.。-]/g, '').toLowerCase();

function commonPrefix(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** The division (GB/T 2260) an 18-character resident ID was issued in. */
const idArea = (id: string) => (/^\d{17}[\dX]$/.test(id) ? id.slice(0, 6) : '');

/**
 * Scores two records. `sameDocument` says the records were given the same document number (one of them was
 * kept apart because its name sounded different), even when one no longer carries it.
 */
export function scorePair(a: PersonPii, b: PersonPii, opts: { sameDocument?: boolean } = {}): Similarity {
  const reasons: Reason[] = [];
  const idA = documentOf(a.idNumber);
  const idB = documentOf(b.idNumber);
  const sameDocument = opts.sameDocument || (!!idA && idA === idB);
  if (sameDocument) reasons.push({ kind: 'same_document', weight: W.same_document });
  else if (idA && idB) reasons.push({ kind: 'document_conflict', weight: W.document_conflict });

  const name = nameReason(a.name ?? '', b.name ?? '');
  if (name) reasons.push(name);

  const phoneA = digits(a.phone);
  if (phoneA.length >= 7 && phoneA === digits(b.phone)) reasons.push({ kind: 'phone', weight: W.phone });

  if (a.birthDate && b.birthDate) {
    if (a.birthDate === b.birthDate) reasons.push({ kind: 'birth_date', weight: W.birth_date });
    else if (a.birthDate.slice(0, 7) === b.birthDate.slice(0, 7)) reasons.push({ kind: 'birth_month', weight: W.birth_month });
    else if (a.birthDate.slice(0, 4) !== b.birthDate.slice(0, 4)) reasons.push({ kind: 'birth_conflict', weight: W.birth_conflict });
  }

  if (a.gender && b.gender && a.gender !== b.gender) reasons.push({ kind: 'gender_conflict', weight: W.gender_conflict });

  const shared = commonPrefix(compactAddress(a.address), compactAddress(b.address));
  if (shared >= ADDRESS_MIN) reasons.push({ kind: 'address', weight: round((W.address * Math.min(shared, ADDRESS_FULL)) / ADDRESS_FULL) });

  if (!sameDocument) {
    const areaA = idArea(idA);
    const areaB = idArea(idB);
    if (areaA && areaA === areaB) reasons.push({ kind: 'place', weight: W.place });
    else if (areaA && areaA.slice(0, 4) === areaB.slice(0, 4)) reasons.push({ kind: 'place', weight: W.place / 2 });
  }

  const sum = reasons.reduce((s, r) => s + r.weight, 0);
  return { score: round(Math.min(1, Math.max(0, sum))), reasons };
}
