// A person's personal data in the master index: one sealed JSON document per person.
import type { Ctx } from '../../core/context.ts';
import { maskPerson } from '../../core/masking.ts';

/** The encryption context of a person's sealed document. */
export const PERSON_PII_CONTEXT = 'person.pii';

export interface PersonPii {
  name: string;
  idNumber?: string;
  phone?: string;
  /** YYYY-MM-DD */
  birthDate?: string;
  gender?: 'male' | 'female';
  address?: string;
}

export function sealPersonPii(ctx: Pick<Ctx, 'cipher'>, pii: PersonPii): string {
  return ctx.cipher.encrypt(PERSON_PII_CONTEXT, JSON.stringify(pii));
}

export function openPersonPii(ctx: Pick<Ctx, 'cipher'>, row: { piiEnc: string }): PersonPii {
  return JSON.parse(ctx.cipher.decrypt(PERSON_PII_CONTEXT, row.piiEnc)) as PersonPii;
}

/** Birth date and gender of an 18-character resident ID (GB 11643: digits 7-14, and the 17th odd for men). */
export function residentIdFacts(idNumber: string): { birthDate: string; gender: 'male' | 'female' } | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return null;
  const d = idNumber.slice(6, 14);
  return { birthDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

/** A person as screens show them: name, document number and phone masked; birth year and gender. */
export function maskedPersonFacts(p: PersonPii) {
  const year = p.birthDate ? Number(p.birthDate.slice(0, 4)) : NaN;
  return { ...maskPerson(p), birthYear: Number.isFinite(year) ? year : null, gender: p.gender ?? null };
}
