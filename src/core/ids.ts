// ULIDs: sortable by creation time, so ids double as a cheap time order and index without hot spots on one page.
import { randomBytesPooled } from './random.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom = new Uint8Array(10);

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** Monotonic within one process: ids made in the same millisecond still sort in creation order. */
export function newId(now = Date.now()): string {
  if (now <= lastTime) {
    const next = Uint8Array.from(lastRandom);
    for (let i = next.length - 1; i >= 0; i--) {
      if (next[i] === 255) next[i] = 0;
      else {
        next[i]++;
        break;
      }
    }
    lastRandom = next;
    now = lastTime;
  } else {
    lastRandom = new Uint8Array(randomBytesPooled(10));
    lastTime = now;
  }
  return encodeTime(now) + encodeRandom(lastRandom);
}
