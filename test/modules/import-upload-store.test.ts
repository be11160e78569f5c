// Uploaded list files in the database (issue 9), on both engines: sealed in chunks (no personal value in clear
// in the database), read back equal, a chunk swapped or altered refused clearly, nothing left on a disk after the
// import; and on PostgreSQL an upload taken by one instance is previewed, started and imported by another.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DomainError } from '../../src/core/errors.ts';
import { CHUNK_BYTES, deleteUpload, materializeUpload, storeUpload, UploadTooLarge } from '../../src/modules/imports/upload-store.ts';
import { createList } from '../../src/modules/lists/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createTestRuntime, DIALECTS, type TestRuntime } from '../helpers/db.ts';
import { operator, seedOrgTree, seedUser } from '../helpers/factories.ts';
import { as, login, type Session } from '../helpers/http.ts';
import { syntheticId } from '../helpers/people.ts';
import { buildTestApp } from '../helpers/server.ts';

const HEADERS = ['姓名', '身份证号码', '手机号', '来源地', '到达时间', '备注'];
const NAME = '试验甲乙丙';

function listFile(ids: string[]): Buffer {
  const rows = ids.map((id, i) => [i ? `${NAME}${i}` : NAME, id, `139${String(20_000_000 + i).slice(-8)}`, '420100', '2026-11-20 08:30', '']);
  return Buffer.from([HEADERS, ...rows].map((r) => r.join(',')).join('\n') + '\n');
}

/** Temp copies of an upload left behind (there must be none once a read is over). */
const tempCopies = (id: string) => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tracegrid-upload-${id}-`));

async function waitDone(app: FastifyInstance, session: Session, id: string) {
  for (let i = 0; i < 600; i++) {
    const v = (await as(app, session).get(`/api/v1/imports/${id}`)).json();
    if (v.status === 'done' || v.status === 'failed') return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import ${id} did not finish`);
}

async function expectCode(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
}

for (const dialect of DIALECTS) {
  describe(`uploads in the database on ${dialect}`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    let analyst: Session;
    const chunks = (id: string) => rt.database.db.selectFrom('uploadChunks').select(['seq', 'data']).where('importId', '=', id).orderBy('seq').execute();

    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      await seedOrgTree(rt.ctx);
      await seedUser(rt.ctx, 'analyst-a', 'analyst', ['150102']);
      await createList(rt.ctx, operator, { name: '外来人员A', kind: 'incoming', orgCode: '150102' });
      app = await buildTestApp(rt);
      analyst = await login(app, 'analyst-a');
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
    });

    it('stores a file of several chunks sealed, reads it back equal, and refuses one too large', async () => {
      const data = crypto.randomBytes(Math.floor(2.5 * CHUNK_BYTES));
      // pieces of uneven sizes, as a socket gives them
      const pieces: Buffer[] = [];
      for (let at = 0; at < data.length; ) {
        const n = 1 + crypto.randomInt(300_000);
        pieces.push(data.subarray(at, at + n));
        at += n;
      }
      expect(await storeUpload(rt.ctx, 'RT1', Readable.from(pieces))).toBe(data.length);
      const stored = await chunks('RT1');
      expect(stored.map((c) => Number(c.seq))).toEqual([0, 1, 2]);
      const copy = await materializeUpload(rt.ctx, 'RT1', { bytes: data.length });
      expect(fs.statSync(copy.path).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(copy.path).equals(data)).toBe(true);
      copy.remove();
      // the head of a CSV: the first chunk, cut after its last line break
      const head = await materializeUpload(rt.ctx, 'RT1', { bytes: data.length, chunks: 1 });
      const first = data.subarray(0, CHUNK_BYTES);
      expect(fs.readFileSync(head.path).equals(first.subarray(0, first.lastIndexOf(0x0a) + 1))).toBe(true);
      head.remove();
      expect(tempCopies('RT1')).toEqual([]);
      // a missing tail is caught by the byte count
      await rt.database.db.deleteFrom('uploadChunks').where('importId', '=', 'RT1').where('seq', '=', 2).execute();
      await expectCode(materializeUpload(rt.ctx, 'RT1', { bytes: data.length }), 'import.upload_damaged');
      expect(tempCopies('RT1')).toEqual([]);
      await deleteUpload(rt.ctx, 'RT1');
      await expectCode(materializeUpload(rt.ctx, 'RT1'), 'import.upload_missing');

      await expect(storeUpload(rt.ctx, 'RT2', Readable.from(pieces), CHUNK_BYTES + 10)).rejects.toBeInstanceOf(UploadTooLarge);
      expect(await chunks('RT2')).toEqual([]);
    });

    it('keeps no personal value in clear, and refuses a chunk swapped or altered', async () => {
      const ids = [syntheticId('19850203'), syntheticId('19900405')];
      const upload = async (body: Buffer) => {
        const res = await as(app, analyst).post('/api/v1/imports/uploads?fileName=list.csv', body, { 'content-type': 'application/octet-stream' });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      };
      const a = await upload(listFile(ids));
      const b = await upload(listFile([syntheticId('19700101')]));
      expect(await rt.database.db.selectFrom('imports').select('filePath').where('id', 'in', [a, b]).execute()).toEqual([{ filePath: null }, { filePath: null }]);
      const raw = Buffer.concat((await rt.database.db.selectFrom('uploadChunks').select('data').execute()).map((c) => Buffer.from(c.data)));
      expect(raw.includes(Buffer.from('v1.k1.'))).toBe(true); // the sealed bytes themselves, as stored
      for (const clear of [NAME, ids[0], ids[1], '身份证号码']) expect(raw.includes(Buffer.from(clear))).toBe(false);
      expect(fs.existsSync(path.join(rt.config.dataDir, 'uploads')) && fs.readdirSync(path.join(rt.config.dataDir, 'uploads')).length).toBeFalsy();

      const [ca] = await chunks(a);
      const [cb] = await chunks(b);
      // b's chunk under a's id: the associated data (import id, chunk number) no longer matches
      await rt.database.db.updateTable('uploadChunks').set({ data: cb.data }).where('importId', '=', a).where('seq', '=', 0).execute();
      await expectCode(materializeUpload(rt.ctx, a), 'import.upload_damaged');
      const altered = Buffer.from(ca.data);
      altered[altered.length - 20] ^= 1;
      await rt.database.db.updateTable('uploadChunks').set({ data: altered }).where('importId', '=', a).where('seq', '=', 0).execute();
      await expectCode(materializeUpload(rt.ctx, a), 'import.upload_damaged');
      expect(tempCopies(a)).toEqual([]);
      // through the API: refused with its reason (and logged as a server-side fault), no temp copy left
      const refused = await as(app, analyst).post(`/api/v1/imports/${a}/preview`, { columns: { name: '姓名', idNumber: '身份证号码' } }, { 'accept-language': 'en' });
      expect(refused.statusCode).toBe(500);
      expect(refused.json().error).toMatchObject({ code: 'import.upload_damaged', message: expect.stringMatching(/cannot be decrypted/) });
      expect(tempCopies(a)).toEqual([]);
      // put back, it reads and imports; afterwards nothing is left, in the database or on a disk
      await rt.database.db.updateTable('uploadChunks').set({ data: ca.data }).where('importId', '=', a).where('seq', '=', 0).execute();
      const preview = await as(app, analyst).post(`/api/v1/imports/${a}/preview`, { columns: { name: '姓名', idNumber: '身份证号码', phone: '手机号' } });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json().rows).toHaveLength(2);
      const start = await as(app, analyst).post(`/api/v1/imports/${a}/start`, { list: '外来人员A', columns: { name: '姓名', idNumber: '身份证号码', phone: '手机号' } });
      expect(start.statusCode, start.body).toBe(202);
      expect(await waitDone(app, analyst, a)).toMatchObject({ status: 'done', read: 2, imported: 2, refused: 0 });
      expect(await chunks(a)).toEqual([]);
      expect(tempCopies(a)).toEqual([]);
      expect(fs.existsSync(path.join(rt.config.dataDir, 'uploads')) && fs.readdirSync(path.join(rt.config.dataDir, 'uploads')).length).toBeFalsy();
    });
  });
}

describe('an upload taken by one instance, imported by another (postgres)', () => {
  let first: TestRuntime;
  let second: Awaited<ReturnType<typeof openRuntime>>;
  let secondDir: string;
  let appA: FastifyInstance;
  let appB: FastifyInstance;

  beforeAll(async () => {
    first = await createTestRuntime('postgres');
    await seedOrgTree(first.ctx);
    await seedUser(first.ctx, 'analyst-a', 'analyst', ['150102']);
    await createList(first.ctx, operator, { name: '外来人员A', kind: 'incoming', orgCode: '150102' });
    secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-second-'));
    second = await openRuntime(loadConfig(first.env, secondDir));
    // A runs no import jobs: the job can only be run by B, which never saw the file
    appA = await buildApp(first, { logger: false, gridSchedule: false, importJobs: false });
    await appA.ready();
    appB = await buildApp(second, { logger: false, gridSchedule: false });
    await appB.ready();
  });
  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    await second?.close();
    await first?.dispose();
    fs.rmSync(secondDir, { recursive: true, force: true });
  });

  it('previews, starts and imports on B what was uploaded on A', async () => {
    const onA = await login(appA, 'analyst-a');
    const onB = await login(appB, 'analyst-a');
    const ids = [syntheticId('19810101'), syntheticId('19820202'), syntheticId('19830303')];
    const up = await as(appA, onA).post('/api/v1/imports/uploads?fileName=list.csv', listFile(ids), { 'content-type': 'application/octet-stream' });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const columns = up.json().suggested;
    const preview = await as(appB, onB).post(`/api/v1/imports/${id}/preview`, { columns });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().rows).toHaveLength(3);
    const start = await as(appB, onB).post(`/api/v1/imports/${id}/start`, { list: '外来人员A', columns });
    expect(start.statusCode, start.body).toBe(202);
    expect(await waitDone(appB, onB, id)).toMatchObject({ status: 'done', read: 3, imported: 3, refused: 0, error: null });
    expect(await first.database.db.selectFrom('uploadChunks').select('seq').where('importId', '=', id).execute()).toEqual([]);
    for (const dir of [first.config.dataDir, secondDir]) expect(fs.existsSync(path.join(dir, 'uploads'))).toBe(false);
    expect(tempCopies(id)).toEqual([]);
  });
});
