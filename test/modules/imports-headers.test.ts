// Header recognition, the row validator and the CSV reader (UTF-8 with and without BOM, GB18030 as Excel in
// China saves it). Pure: no database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingFields, normalizeHeader, recognizeHeaders } from '../../src/modules/imports/fields.ts';
import { cellText, readHead, readTable } from '../../src/modules/imports/readers.ts';
import { resolveOrigin } from '../../src/modules/imports/origin.ts';
import { canonicalJson, parseDateTime, rowValidator } from '../../src/modules/imports/validate-row.ts';
import { syntheticId } from '../helpers/people.ts';

/** GB18030 bytes of a text, built from the decoder (Node has no GB encoder): ASCII as is, CJK as two bytes. */
export function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(dec.decode(Uint8Array.of(a, b)), [a, b]);
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (table.has(ch)) out.push(...table.get(ch)!);
    else throw new Error(`no GB18030 two-byte code for ${ch}`);
  }
  return Buffer.from(out);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-headers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rows(file: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readTable(file, 'csv')) out.push(r);
  return out;
}

describe('header recognition', () => {
  it('recognises the usual Chinese headers', () => {
    const headers = ['序号', '姓名', '性别', '身份证号码', '联系电话', '现住址', '来源地', '到达时间', '备注'];
    expect(recognizeHeaders(headers)).toEqual({
      name: '姓名', gender: '性别', idNumber: '身份证号码', phone: '联系电话', address: '现住址', origin: '来源地', listedAt: '到达时间', note: '备注',
    });
  });

  it('recognises other Chinese wordings and remarks in brackets, full-width characters and spaces', () => {
    const headers = ['名字（必填）', ' 公民身份号码 ', '手机号码(必填)', '证件类型', '出生年月', '户籍地', '确诊日期', '说明', '居住地址'];
    expect(recognizeHeaders(headers)).toEqual({
      name: '名字（必填）', idNumber: ' 公民身份号码 ', phone: '手机号码(必填)', idType: '证件类型', birthDate: '出生年月', origin: '户籍地', listedAt: '确诊日期', note: '说明', address: '居住地址',
    });
    expect(recognizeHeaders(['证件号码', '电话', '来自', '抵达时间', '住址'])).toMatchObject({ idNumber: '证件号码', phone: '电话', origin: '来自', listedAt: '抵达时间', address: '住址' });
    expect(recognizeHeaders(['来呼时间'])).toEqual({ listedAt: '来呼时间' });
    expect(recognizeHeaders(['入境时间'])).toEqual({ listedAt: '入境时间' });
    expect(recognizeHeaders(['登记日期'])).toEqual({ listedAt: '登记日期' });
    expect(recognizeHeaders(['报告日期'])).toEqual({ listedAt: '报告日期' });
    expect(recognizeHeaders(['联系方式'])).toEqual({ phone: '联系方式' });
    expect(recognizeHeaders(['身份证号'])).toEqual({ idNumber: '身份证号' });
    expect(recognizeHeaders(['ＩＤ　Ｎｕｍｂｅｒ'])).toEqual({ idNumber: 'ＩＤ　Ｎｕｍｂｅｒ' });
    // a header holding a usual header: 患者身份证号码, 本人手机号
    expect(recognizeHeaders(['患者姓名', '患者身份证号码', '本人手机号'])).toEqual({ name: '患者姓名', idNumber: '患者身份证号码', phone: '本人手机号' });
  });

  it('recognises English headers whatever the case, spacing and separators', () => {
    const headers = ['Full Name', 'ID_Number', 'ID type', 'Mobile', 'Sex', 'Date of Birth', 'Address', 'From', 'Arrival Time', 'Remarks'];
    expect(recognizeHeaders(headers)).toEqual({
      name: 'Full Name', idNumber: 'ID_Number', idType: 'ID type', phone: 'Mobile', gender: 'Sex', birthDate: 'Date of Birth', address: 'Address', origin: 'From', listedAt: 'Arrival Time', note: 'Remarks',
    });
    expect(recognizeHeaders(['name', 'idNumber', 'phone', 'origin', 'arrived at', 'note', 'DOB', 'gender'])).toEqual({
      name: 'name', idNumber: 'idNumber', phone: 'phone', origin: 'origin', listedAt: 'arrived at', note: 'note', birthDate: 'DOB', gender: 'gender',
    });
    expect(recognizeHeaders(['NAME', 'id number', 'Listed At'])).toEqual({ name: 'NAME', idNumber: 'id number', listedAt: 'Listed At' });
    expect(recognizeHeaders(['date', 'arrival'])).toEqual({ listedAt: 'date' });
  });

  it('takes each header once, the first one for a field, and leaves unknown headers out', () => {
    expect(recognizeHeaders(['姓名', '名字', '车牌号', '体温'])).toEqual({ name: '姓名' });
    // 出生日期 is the birth date, not the date of the category
    expect(recognizeHeaders(['出生日期', '日期'])).toEqual({ birthDate: '出生日期', listedAt: '日期' });
  });

  it('strips a BOM and normalises', () => {
    expect(normalizeHeader('\uFEFF姓名')).toBe('姓名');
    expect(normalizeHeader('身份证号码（必填）')).toBe('身份证号码');
    expect(normalizeHeader(' Phone Number: ')).toBe('phonenumber');
    expect(recognizeHeaders(['\uFEFF姓名', '手机号'])).toEqual({ name: '\uFEFF姓名', phone: '手机号' });
  });

  it('says what a mapping lacks', () => {
    expect(missingFields({ name: 'a', phone: 'b' })).toEqual([]);
    expect(missingFields({ name: 'a' })).toEqual(['idNumber|phone']);
    expect(missingFields({ idNumber: 'x' })).toEqual(['name']);
  });
});

describe('CSV reader', () => {
  it('reads a GB18030 file (Excel in China) and recognises its headers', async () => {
    const id = syntheticId();
    const text = `姓名,身份证号码,手机号,来源地,到达时间\r\n张三,${id},13900001111,湖北省武汉市,2026/11/20 08:30\r\n李四,,13900002222,420100,20261121\r\n`;
    const file = path.join(dir, 'gbk.csv');
    fs.writeFileSync(file, gb18030(text));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file))).toThrow();
    const all = await rows(file);
    expect(all[0]).toEqual(['姓名', '身份证号码', '手机号', '来源地', '到达时间']);
    expect(all[1]).toEqual(['张三', id, '13900001111', '湖北省武汉市', '2026/11/20 08:30']);
    expect(all).toHaveLength(3);
    expect(recognizeHeaders(all[0])).toEqual({ name: '姓名', idNumber: '身份证号码', phone: '手机号', origin: '来源地', listedAt: '到达时间' });
  });

  it('reads UTF-8 with a BOM, quoted fields and a GB18030 file whose Chinese starts late', async () => {
    const bom = path.join(dir, 'bom.csv');
    fs.writeFileSync(bom, '\uFEFFname,phone,note\n"Wang, Wei",13900001111,"said ""hi"""\n');
    expect(await rows(bom)).toEqual([['name', 'phone', 'note'], ['Wang, Wei', '13900001111', 'said "hi"']]);
    const late = path.join(dir, 'late.csv');
    const ascii = 'name,phone\n' + 'Li Lei,13900001111\n'.repeat(30_000);
    fs.writeFileSync(late, Buffer.concat([Buffer.from(ascii), gb18030('王五,13900003333\n')]));
    const all = await rows(late);
    expect(all.at(-1)).toEqual(['王五', '13900003333']);
    expect((await readHead(late, 'csv', 2)).rows).toEqual([['Li Lei', '13900001111'], ['Li Lei', '13900001111']]);
  });

  it('turns XLSX cell values into text', () => {
    expect(cellText(new Date(Date.UTC(2026, 10, 20, 8, 30)))).toBe('2026-11-20T08:30:00');
    expect(cellText(new Date(Date.UTC(1990, 0, 2)))).toBe('1990-01-02');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ formula: 'A1', result: 13900001111 })).toBe('13900001111');
    expect(cellText(null)).toBe('');
  });
});

describe('row validation', () => {
  const now = Date.UTC(2026, 11, 1);
  const headers = ['姓名', '证件类型', '身份证号', '手机号', '性别', '出生日期', '来源地', '到达时间', '备注'];
  const columns = recognizeHeaders(headers);
  const check = rowValidator(headers, columns, { now });

  it('normalises a good row', () => {
    const id = syntheticId('19900101');
    const r = check(['  张 三 ', '身份证', id.toLowerCase(), '+86 139-0000-1111', '男', '1990/1/1', '武汉市', '2026-11-20 08:30', '自驾']);
    expect(r).toEqual({
      ok: true,
      record: { name: '张 三', idType: 'resident_id', idNumber: id, phone: '13900001111', gender: 'male', birthDate: '1990-01-01', address: null, origin: '420100', listedAt: Date.UTC(2026, 10, 20, 0, 30), note: '自驾' },
    });
  });

  it('refuses with a reason per column, named by the file header', () => {
    const bad = syntheticId().slice(0, 17) + 'Y';
    const r = check(['', '驾照', bad, '12345', '未知', '1990-13-01', '火星', '明天', '']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusals).toEqual([
      { column: '姓名', reason: 'import.name.empty' },
      { column: '证件类型', reason: 'import.id_type.unknown' },
      { column: '手机号', reason: 'validation.phone.format' },
      { column: '性别', reason: 'import.gender.unknown' },
      { column: '出生日期', reason: 'import.date.format' },
      { column: '来源地', reason: 'import.origin.unknown' },
      { column: '到达时间', reason: 'import.date.format' },
    ]);
    const checksum = check(['王五', '', syntheticId().slice(0, 17) + 'Y', '', '', '', '999999', '', '']);
    expect(!checksum.ok && checksum.refusals).toEqual([
      { column: '身份证号', reason: 'validation.id.format' },
      { column: '来源地', reason: 'validation.division.unknown' },
    ]);
    const none = check(['王五', '', '', '', '', '', '', '', '']);
    expect(!none.ok && none.refusals).toEqual([{ column: '身份证号', reason: 'import.id_or_phone.missing' }]);
  });

  it('reads the date forms lists use, in China time', () => {
    const at = (y: number, m: number, d: number, h = 0, mi = 0) => Date.UTC(y, m - 1, d, h, mi) - 8 * 3600_000;
    expect(parseDateTime('2026-11-20')).toBe(at(2026, 11, 20));
    expect(parseDateTime('2026/11/20')).toBe(at(2026, 11, 20));
    expect(parseDateTime('2026-11-20 08:30')).toBe(at(2026, 11, 20, 8, 30));
    expect(parseDateTime('2026-11-20T08:30:00')).toBe(at(2026, 11, 20, 8, 30));
    expect(parseDateTime('20261120')).toBe(at(2026, 11, 20));
    expect(parseDateTime('2026年11月20日')).toBe(at(2026, 11, 20));
    expect(parseDateTime('46346')).toBe(at(2026, 11, 20)); // Excel serial
    expect(parseDateTime('46346.5')).toBe(at(2026, 11, 20, 12));
    for (const bad of ['2026-02-30', '20/11/2026', 'yesterday', '2026-11-20 25:00', '']) expect(parseDateTime(bad), bad).toBeNull();
  });

  it('resolves origins by code or by name', () => {
    expect(resolveOrigin('420100')).toEqual({ ok: true, code: '420100' });
    expect(resolveOrigin('湖北省武汉市')).toEqual({ ok: true, code: '420100' });
    expect(resolveOrigin('内蒙古自治区 / 呼和浩特市 / 新城区')).toEqual({ ok: true, code: '150102' });
    expect(resolveOrigin('新城区').ok).toBe(false); // several 新城区: ambiguous without the city
    expect(resolveOrigin('呼和浩特新城区')).toEqual({ ok: true, code: '150102' });
  });

  it('gives equal records the same canonical JSON however they were typed', () => {
    const id = syntheticId();
    const a = check(['张三', '', id, '13900001111', '', '', '420100', '2026/11/20', '']);
    const b = check([' 张三', '居民身份证', id.toLowerCase(), '139 0000 1111', '', '', '武汉市', '20261120', '']);
    expect(a.ok && b.ok && canonicalJson(a.record) === canonicalJson(b.record)).toBe(true);
  });
});
