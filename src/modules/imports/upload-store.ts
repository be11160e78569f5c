// Uploaded list files live in the database (upload_chunks), sealed, so that any instance can preview or import an
// upload another one took (issue 9: instances share only the database) and a list file, personal data, is never
// in clear at rest. The parsers read files: materializeUpload writes the clear file to a private temp file for the
// time of one read, and its caller removes it right after. A file named at the CLI stays the operator's file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { idTimePrefix } from '../../core/checkin-cursor.ts';
import type { Ctx } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';

/** Bytes per sealed chunk: large enough for few rows, small enough that one chunk at a time keeps memory low. */
export const CHUNK_BYTES = 1024 * 1024;
/** Chunks read per query when a file is written back out. */
const READ_PAGE = 4;
/** What a CSV's header row and preview are read from: its first chunks, not a file of up to 2 GiB each time. */
export const HEAD_CHUNKS = 4;

export class UploadTooLarge extends Error {}

/** Passes bytes through up to the limit, then fails the upload. */
export function limited(limit: number): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      if (n > limit) done(new UploadTooLarge(`more than ${limit} bytes`));
      else done(null, chunk);
    },
  });
}

/** The associated data of a chunk: a chunk moved to another import or place fails to decrypt. */
const chunkContext = (importId: string, seq: number) => `upload:${importId}:${seq}`;

/**
 * Stores a stream as the sealed chunks of an import's upload; returns the byte count. On failure (too large, the
 * client went away) the chunks written so far are removed.
 */
export async function storeUpload(ctx: Ctx, importId: string, body: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<number> {
  let seq = 0;
  let bytes = 0;
  let parts: Buffer[] = [];
  let held = 0;
  const flush = async () => {
    if (!held) return;
    const data = ctx.cipher.encryptBytes(chunkContext(importId, seq), Buffer.concat(parts, held));
    parts = [];
    held = 0;
    await ctx.db.insertInto('uploadChunks').values({ importId, seq, data }).execute();
    seq++;
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      let rest = chunk;
      const next = async () => {
        while (held + rest.length >= CHUNK_BYTES) {
          const take = CHUNK_BYTES - held;
          parts.push(rest.subarray(0, take));
          held += take;
          rest = rest.subarray(take);
          await flush();
        }
        if (rest.length) {
          parts.push(rest);
          held += rest.length;
        }
      };
      next().then(() => done(), done);
    },
    final(done) {
      flush().then(() => done(), done);
    },
  });
  try {
    await pipeline(body, limited(maxBytes), sink);
  } catch (e) {
    await deleteUpload(ctx, importId).catch(() => {});
    throw e;
  }
  return bytes;
}

export interface UploadFile {
  path: string;
  remove(): void;
}

/**
 * Writes an upload back out, decrypted, to a private temp file (mode 0600) for the parsers. `bytes`, when known,
 * is checked: a missing chunk fails as clearly as a damaged one. With `chunks`, only the first ones are written,
 * cut after their last line break (the head of a CSV).
 */
export async function materializeUpload(ctx: Ctx, importId: string, opts: { bytes?: number; chunks?: number } = {}): Promise<UploadFile> {
  const { bytes, chunks = Number.MAX_SAFE_INTEGER } = opts;
  const file = path.join(os.tmpdir(), `tracegrid-upload-${importId}-${crypto.randomBytes(6).toString('hex')}`);
  const remove = () => fs.rmSync(file, { force: true });
  const fd = fs.openSync(file, 'wx', 0o600);
  let written = 0;
  let next = 0;
  let cut = false;
  try {
    for (;;) {
      const page = await ctx.db.selectFrom('uploadChunks').select(['seq', 'data']).where('importId', '=', importId).where('seq', '>=', next).orderBy('seq').limit(READ_PAGE).execute();
      if (!page.length) break;
      if (next + page.length > chunks) {
        cut = true;
        page.length = chunks - next;
      }
      for (const c of page) {
        const seq = Number(c.seq);
        if (seq !== next) throw new DomainError('import.upload_damaged', 'internal', { seq: next });
        let clear: Buffer;
        try {
          clear = ctx.cipher.decryptBytes(chunkContext(importId, seq), c.data);
        } catch {
          throw new DomainError('import.upload_damaged', 'internal', { seq });
        }
        fs.writeSync(fd, clear);
        written += clear.length;
        next++;
        if (cut && next === chunks) fs.ftruncateSync(fd, written - clear.length + clear.lastIndexOf(0x0a) + 1);
      }
      if (cut) break;
    }
    if (next === 0) throw new DomainError('import.upload_missing', 'conflict');
    if (!cut && bytes !== undefined && bytes !== written) throw new DomainError('import.upload_damaged', 'internal', { seq: next });
  } catch (e) {
    fs.closeSync(fd);
    remove();
    throw e;
  }
  fs.closeSync(fd);
  return { path: file, remove };
}

/** Whether an import's upload is in the database (an upload not yet imported, expired or failed). */
export async function hasUpload(ctx: Ctx, importId: string): Promise<boolean> {
  return !!(await ctx.db.selectFrom('uploadChunks').select('seq').where('importId', '=', importId).where('seq', '=', 0).executeTakeFirst());
}

export async function deleteUpload(ctx: Ctx, importId: string): Promise<void> {
  await ctx.db.deleteFrom('uploadChunks').where('importId', '=', importId).execute();
}

/**
 * The file an import reads: the operator's own file (a CLI import) as it is, else the upload from the database
 * in a temp file. Remove it right after reading.
 */
export async function importSource(ctx: Ctx, job: { id: string; filePath: string | null; bytesTotal: number | string | null }, chunks?: number): Promise<UploadFile> {
  if (job.filePath) return { path: job.filePath, remove: () => {} };
  return materializeUpload(ctx, job.id, { bytes: job.bytesTotal == null ? undefined : Number(job.bytesTotal), chunks });
}

/**
 * Chunks nobody will read: those of imports done or failed (a process stopped between the end and the clean-up),
 * and those without an import row older than `before` (an instance died mid-upload).
 */
export async function sweepUploadChunks(ctx: Ctx, before: number): Promise<void> {
  await ctx.db
    .deleteFrom('uploadChunks')
    .where((eb) =>
      eb.or([
        eb('importId', 'in', eb.selectFrom('imports').select('id').where('status', 'in', ['done', 'failed'])),
        eb.and([eb('importId', '<', idTimePrefix(before)), eb.not(eb.exists(eb.selectFrom('imports').select('id').whereRef('imports.id', '=', 'uploadChunks.importId')))]),
      ]),
    )
    .execute();
}
