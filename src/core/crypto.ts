// Field encryption (AES-256-GCM with key ids, so keys can rotate) and blind indexes (keyed HMAC) for exact look-up.
import crypto from 'node:crypto';
import { DomainError } from './errors.ts';
import { randomBytesPooled } from './random.ts';

export interface KeyRing {
  /** key id -> 32-byte key; the active id encrypts, every id decrypts. */
  keys: Map<string, Buffer>;
  activeKeyId: string;
}

const VERSION = 'v1';

/**
 * Encrypts personal fields. The context (for example "user.phone") is bound as associated data, so a ciphertext
 * copied into another column or table fails to decrypt instead of leaking there.
 */
export class FieldCipher {
  constructor(private readonly ring: KeyRing) {
    if (!ring.keys.has(ring.activeKeyId)) throw new Error(`active key ${ring.activeKeyId} is not in the key ring`);
  }

  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  encrypt(context: string, plaintext: string): string {
    const key = this.ring.keys.get(this.ring.activeKeyId)!;
    const iv = randomBytesPooled(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    return `${VERSION}.${this.ring.activeKeyId}.${sealed}`;
  }

  decrypt(context: string, token: string): string {
    const [version, keyId, sealed] = token.split('.');
    if (version !== VERSION || !keyId || !sealed) throw new DomainError('crypto.decrypt_failed', 'internal');
    const key = this.ring.keys.get(keyId);
    if (!key) throw new DomainError('crypto.unknown_key', 'internal', { keyId });
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 28) throw new DomainError('crypto.decrypt_failed', 'internal');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new DomainError('crypto.decrypt_failed', 'internal');
    }
  }

  /**
   * Bytes sealed as bytes (no base64: large files, such as an uploaded list, stored in chunks). The layout is the
   * text form's: `v1.<keyId>.` then iv, ciphertext, tag; the context is the associated data.
   */
  encryptBytes(context: string, plaintext: Buffer): Buffer {
    const key = this.ring.keys.get(this.ring.activeKeyId)!;
    const iv = randomBytesPooled(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from(`${VERSION}.${this.ring.activeKeyId}.`), iv, body, cipher.getAuthTag()]);
  }

  decryptBytes(context: string, sealed: Uint8Array): Buffer {
    const raw = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const dot1 = raw.indexOf(0x2e);
    const dot2 = dot1 < 0 ? -1 : raw.indexOf(0x2e, dot1 + 1);
    if (dot2 < 0 || raw.subarray(0, dot1).toString() !== VERSION) throw new DomainError('crypto.decrypt_failed', 'internal');
    const keyId = raw.subarray(dot1 + 1, dot2).toString();
    const key = this.ring.keys.get(keyId);
    if (!key) throw new DomainError('crypto.unknown_key', 'internal', { keyId });
    const box = raw.subarray(dot2 + 1);
    if (box.length < 28) throw new DomainError('crypto.decrypt_failed', 'internal');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, box.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(box.subarray(box.length - 16));
      return Buffer.concat([decipher.update(box.subarray(12, box.length - 16)), decipher.final()]);
    } catch {
      throw new DomainError('crypto.decrypt_failed', 'internal');
    }
  }

  /** Key id a stored value was sealed with: rotation re-encrypts values whose id is not the active one. */
  static keyIdOf(token: string): string | undefined {
    return token.split('.')[1];
  }
}

/**
 * Keyed HMAC of a normalised value. 16 bytes keep the index short (writes are bound by random index inserts)
 * while a collision stays out of reach; the kind is mixed in so equal strings of different kinds differ.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the blind-index key must be at least 32 bytes');
  }

  of(kind: BlindIndexKind, value: string): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`${kind}\u0000${normalizeForIndex(kind, value)}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }
}

export type BlindIndexKind = 'id_number' | 'phone' | 'plate' | 'name' | 'pinyin' | 'import_row' | 'dwelling' | 'building' | 'address';

/** Equal values must index equally however they were typed: case, spaces, the +86 prefix. */
export function normalizeForIndex(kind: BlindIndexKind, value: string): string {
  const compact = value.normalize('NFKC').replace(/[\s-]/g, '');
  switch (kind) {
    case 'phone':
      return compact.replace(/^(\+?86)(?=1\d{10}$)/, '');
    case 'id_number':
    case 'plate':
      return compact.toUpperCase();
    case 'name':
    case 'import_row':
      return compact;
    // place keys come normalised (place-keys.ts); an address is compared without punctuation or case
    case 'dwelling':
    case 'building':
      return compact;
    case 'address':
      return compact.replace(/[\p{P}\p{S}]/gu, '').toUpperCase();
    case 'pinyin':
      return compact.toLowerCase();
  }
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function hmac(key: Buffer, data: string): string {
  return crypto.createHmac('sha256', key).update(data).digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
