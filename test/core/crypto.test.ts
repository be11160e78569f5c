import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlindIndex, FieldCipher } from '../../src/core/crypto.ts';
import { DomainError } from '../../src/core/errors.ts';
import { maskIdNumber, maskName, maskPhone, maskPlate } from '../../src/core/masking.ts';

const key = () => crypto.randomBytes(32);
const ring = (entries: [string, Buffer][], active: string) => ({ keys: new Map(entries), activeKeyId: active });

describe('field encryption', () => {
  it('round-trips any text, and never stores it in clear', () => {
    const cipher = new FieldCipher(ring([['k1', key()]], 'k1'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (text) => {
        const sealed = cipher.encrypt('person.name', text);
        expect(sealed.startsWith('v1.k1.')).toBe(true);
        if (text.length > 3) expect(sealed).not.toContain(text);
        expect(cipher.decrypt('person.name', sealed)).toBe(text);
      }),
    );
  });

  it('gives a different ciphertext each time (random IV)', () => {
    const cipher = new FieldCipher(ring([['k1', key()]], 'k1'));
    expect(cipher.encrypt('c', '13800138000')).not.toBe(cipher.encrypt('c', '13800138000'));
  });

  it('fails with a domain error under a wrong key, in another context, or when altered', () => {
    const a = new FieldCipher(ring([['k1', key()]], 'k1'));
    const b = new FieldCipher(ring([['k1', key()]], 'k1'));
    const sealed = a.encrypt('user.phone', '13800138000');
    expect(() => b.decrypt('user.phone', sealed)).toThrow(DomainError);
    expect(() => a.decrypt('person.phone', sealed)).toThrow(/crypto.decrypt_failed/);
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(() => a.decrypt('user.phone', flipped)).toThrow(/crypto.decrypt_failed/);
    expect(() => a.decrypt('user.phone', 'garbage')).toThrow(/crypto.decrypt_failed/);
  });

  it('rotates keys: the new key encrypts, old values still decrypt, unknown key ids are named', () => {
    const k1 = key();
    const old = new FieldCipher(ring([['k1', k1]], 'k1'));
    const sealedOld = old.encrypt('c', 'value');
    const rotated = new FieldCipher(ring([['k2', key()], ['k1', k1]], 'k2'));
    expect(rotated.decrypt('c', sealedOld)).toBe('value');
    const sealedNew = rotated.encrypt('c', 'value');
    expect(FieldCipher.keyIdOf(sealedNew)).toBe('k2');
    expect(() => old.decrypt('c', sealedNew)).toThrow(/crypto.unknown_key/);
  });
});

describe('blind index', () => {
  it('is equal for equal values however typed, different across kinds and keys', () => {
    const k = key();
    const idx = new BlindIndex(k);
    expect(idx.of('phone', '+86 138 0013 8000')).toBe(idx.of('phone', '13800138000'));
    expect(idx.of('id_number', '11010519491231002x')).toBe(idx.of('id_number', '11010519491231002X'));
    expect(idx.of('plate', '蒙a 12345')).toBe(idx.of('plate', '蒙A12345'));
    expect(idx.of('phone', '13800138000')).not.toBe(idx.of('id_number', '13800138000'));
    expect(new BlindIndex(key()).of('phone', '13800138000')).not.toBe(idx.of('phone', '13800138000'));
    expect(idx.of('phone', '13800138000')).toHaveLength(22);
  });

  it('does not collide on distinct phone numbers (property)', () => {
    const idx = new BlindIndex(key());
    fc.assert(
      fc.property(fc.integer({ min: 3e10, max: 9e10 - 1 }), fc.integer({ min: 3e10, max: 9e10 - 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(idx.of('phone', `1${a}`)).not.toBe(idx.of('phone', `1${b}`));
      }),
    );
  });
});

describe('masking', () => {
  it('masks names, ID numbers, phones and plates the way officers expect', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskIdNumber('15010219900101123X')).toBe('150***********123X');
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678');
    expect(maskPlate('蒙A12345')).toBe('蒙A***45');
    expect(maskName(null)).toBeNull();
  });

  it('never shows more than the kept characters (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (id) => {
        const masked = maskIdNumber(id)!;
        expect(masked).toHaveLength(18);
        expect(masked.slice(3, 14)).toBe('*'.repeat(11));
      }),
    );
  });
});
