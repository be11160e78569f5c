// Random bytes from the system CSPRNG, fetched a page at a time: asking the OS for 12 bytes per field and 10 per
// id cost about 5% of a check-in. The pool is the same CSPRNG output, handed out once each.
import crypto from 'node:crypto';

const POOL_SIZE = 8192;
let pool = Buffer.alloc(0);
let offset = POOL_SIZE;

export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_SIZE / 4) return crypto.randomBytes(n);
  if (offset + n > pool.length) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
  // A copy: a caller keeping the buffer must not see the pool's later contents.
  const out = Buffer.from(pool.subarray(offset, offset + n));
  offset += n;
  return out;
}
