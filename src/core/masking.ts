// Masking helpers: what screens and exports show by default.
const chars = (s: string) => Array.from(s);

/** 张三 -> 张*, 欧阳娜娜 -> 欧***, John Smith -> J*** S**** */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const trimmed = name.trim();
  if (/^[\p{Script=Han}\p{Script=Mongolian}·]+$/u.test(trimmed)) {
    const c = chars(trimmed);
    return c[0] + '*'.repeat(Math.max(1, c.length - 1));
  }
  return trimmed
    .split(/\s+/)
    .map((w) => {
      const c = chars(w);
      return c[0] + '*'.repeat(Math.max(1, c.length - 1));
    })
    .join(' ');
}

/** 18-digit ID: keep the 3 first and 4 last (150************123X); shorter documents keep 2 and 2. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  const c = chars(id.trim());
  const [head, tail] = c.length >= 15 ? [3, 4] : c.length > 4 ? [2, 2] : [0, 1];
  return c.slice(0, head).join('') + '*'.repeat(c.length - head - tail) + c.slice(c.length - tail).join('');
}

/** 13812345678 -> 138****5678 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** 蒙A12345 -> 蒙A***45 */
export function maskPlate(plate: string | null | undefined): string | null {
  if (!plate) return plate ?? null;
  const c = chars(plate.replace(/[\s·-]/g, '').toUpperCase());
  if (c.length <= 4) return c[0] + '*'.repeat(c.length - 1);
  return c.slice(0, 2).join('') + '*'.repeat(c.length - 4) + c.slice(-2).join('');
}

/** A person as feeds, events and alerts show them: name, document number and phone, each masked. */
export function maskPerson(p: { name: string; idNumber?: string | null; phone?: string | null }): { name: string | null; idNumber: string | null; phone: string | null } {
  return { name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), phone: maskPhone(p.phone) };
}
