// Synthetic people: resident ID numbers with a correct check character, phone numbers, plates. Nobody real.
import { residentIdCheckChar } from '../../src/core/validation/id-number.ts';

let serial = 0;

/** An 18-character resident ID for area 150102, born on the given date, with a running sequence number. */
export function syntheticId(birth = '19900101', area = '150102'): string {
  const seq = String(100 + (serial++ % 900)).padStart(3, '0');
  const first17 = `${area}${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

export function syntheticPhone(): string {
  return `139${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}`;
}

export function syntheticPerson(name = '测试员') {
  return { name, idType: 'resident_id' as const, idNumber: syntheticId(), phone: syntheticPhone() };
}

export function idemKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 14)}`.padEnd(16, '0');
}
