// ULIDs: sortable by creation time, so ids double as a cheap time order and index without hot spots on one page.
import { randomBytesPooled } from './random.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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

interface IdState {
  lastTime: number;
  lastRandom: Uint8Array;
}

const processIds: IdState = { lastTime: -1, lastRandom: new Uint8Array(10) };

/** Monotonic within one process: ids made in the same millisecond still sort in creation order. */
export function newId(now = Date.now()): string {
  return nextId(processIds, now);
}

/**
 * Ids for moments in the past given in time order (generated history): monotonic among themselves and stamped with
 * the moment given, even after newId made ids for a later time in this process (newId would stamp those).
 */
export function idSequence(): (ms: number) => string {
  const state: IdState = { lastTime: -1, lastRandom: new Uint8Array(10) };
  return (ms) => nextId(state, ms);
}

function nextId(s: IdState, now: number): string {
  if (now <= s.lastTime) {
    const next = Uint8Array.from(s.lastRandom);
    for (let i = next.length - 1; i >= 0; i--) {
      if (next[i] === 255) next[i] = 0;
      else {
        next[i]++;
        break;
      }
    }
    s.lastRandom = next;
    now = s.lastTime;
  } else {
    s.lastRandom = new Uint8Array(randomBytesPooled(10));
    s.lastTime = now;
  }
  return encodeTime(now) + encodeRandom(s.lastRandom);
}
