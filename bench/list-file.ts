// A generated list file for the import benchmark: synthetic people (valid resident ID numbers, phones, origins,
// arrival times), with a few refused rows (bad check character) and a few without a document (phone only) that
// repeat someone listed earlier.
import fs from 'node:fs';
import { once } from 'node:events';
import { residentIdCheckChar } from '../src/core/validation/id-number.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文红玉兰云飞鹏辉亮宇浩然子轩梓涵欣怡雨桐俊杰嘉怡'.split('');
const ORIGINS = ['420100', '420106', '110101', '310101', '440300', '150102', '150203', '510104', '330106', '370202'];
const DAY = 86_400_000;
const BIRTH0 = Date.UTC(1950, 0, 1);
const ARRIVAL0 = Date.UTC(2026, 10, 1);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Row i of the file: deterministic, so every run (and engine) imports the same people. */
export function listRow(i: number): string[] {
  // A record without a document repeats the name and phone of someone listed earlier: a merge candidate.
  if (i % 53 === 7 && i >= 1000) {
    const earlier = listRow(i - 1000 + (((i - 1000) % 53 === 7) ? 1 : 0));
    return [earlier[0], '', earlier[2], earlier[3], earlier[4], ''];
  }
  const birth = new Date(BIRTH0 + Math.floor(i / 900) * DAY);
  const first17 = `150102${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCDate())}${pad(100 + (i % 900), 3)}`;
  let id = first17 + residentIdCheckChar(first17);
  if (i % 97 === 13) id = first17 + (id.endsWith('1') ? '2' : '1'); // a typo the check character catches
  if (i % 53 === 7) id = ''; // no document: a phone-only record (the first few, before anyone to repeat)
  const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : '');
  const phone = `13${pad(i % 100_000_000, 9)}`.slice(0, 11);
  const arrival = new Date(ARRIVAL0 + (i % 28) * DAY + (i % 1440) * 60_000);
  const at = `${arrival.getUTCFullYear()}-${pad(arrival.getUTCMonth() + 1)}-${pad(arrival.getUTCDate())} ${pad(arrival.getUTCHours())}:${pad(arrival.getUTCMinutes())}`;
  return [name, id, phone, ORIGINS[i % ORIGINS.length], at, i % 11 === 0 ? '自驾' : ''];
}

export const LIST_HEADERS = ['姓名', '身份证号', '手机号', '来源地', '到达时间', '备注'];

/** Writes rows [0, rows) as CSV; reuses the file when it is already there. */
export async function writeListFile(file: string, rows: number): Promise<void> {
  if (fs.existsSync(file)) return;
  const out = fs.createWriteStream(`${file}.part`);
  out.write(LIST_HEADERS.join(',') + '\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += listRow(i).join(',') + '\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  fs.renameSync(`${file}.part`, file);
}
