// Demo traffic: synthetic people registering at the demo region's sites every few seconds, through the real public
// route (validation, encryption, risk flags, live events, notifications), so the officer feed and the console have
// something to show. Only with `serve --demo`; every person is generated here and matches nobody.
import type { FastifyInstance } from 'fastify';
import { randomInt } from 'node:crypto';
import { residentIdCheckChar } from '../../core/validation/id-number.ts';
import { newId } from '../../core/ids.ts';
import { demoWatchedPeople } from './watched.ts';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文红云飞斌波宁丹颖雪梅琳晨浩宇欣怡子涵佳瑶嘉鑫晓东海峰';
// Hohhot's districts and banners, and some common origins of travellers.
export const HOME_AREAS = ['150102', '150103', '150104', '150105', '150121', '150122', '150123', '150124', '150125'];
export const ORIGINS = ['150102', '150202', '150602', '110101', '130102', '140105', '610113', '210102', '152502', '150702'];

/** A random integer below n: the CSPRNG by default; the generated history passes a seeded one. */
export type RandomInt = (n: number) => number;

const pick = <T>(xs: readonly T[] | string, int: RandomInt = randomInt): T => xs[int(xs.length)] as T;

export function syntheticName(int: RandomInt = randomInt): string {
  return pick<string>(SURNAMES, int) + pick<string>(GIVEN, int) + (int(3) ? pick<string>(GIVEN, int) : '');
}

/** A resident ID with a correct check character, registered in one of `areas`. */
export function syntheticResidentId(int: RandomInt = randomInt, areas: readonly string[] = HOME_AREAS): string {
  const y = 1945 + int(65);
  const m = String(1 + int(12)).padStart(2, '0');
  const d = String(1 + int(28)).padStart(2, '0');
  const first17 = `${pick(areas, int)}${y}${m}${d}${String(int(1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function syntheticPhone(int: RandomInt = randomInt): string {
  return `1${pick('3578', int)}${String(int(1e9)).padStart(9, '0')}`;
}

const watched = demoWatchedPeople();

function person() {
  // Now and then someone on the demo's high-risk list: a watch-list hit in the feed and the console.
  if (randomInt(15) === 0) return pick(watched);
  return { name: syntheticName(), idType: 'resident_id', idNumber: syntheticResidentId(), phone: syntheticPhone() };
}

/** A few in ten have a temperature at or above the usual threshold, so flagged check-ins show up now and then. */
function temperature(): number {
  return randomInt(10) === 0 ? 37.4 + randomInt(14) / 10 : 36 + randomInt(10) / 10;
}

export interface DemoSite {
  kind: string;
  token: string;
}

export function demoCheckin(site: DemoSite): Record<string, unknown> {
  const base = { token: site.token, key: newId().toLowerCase().padEnd(16, '0'), person: person(), temperature: temperature() };
  switch (site.kind) {
    case 'checkpoint': {
      const driving = randomInt(2) === 0;
      return {
        ...base,
        direction: randomInt(3) ? 'in' : 'out',
        origin: pick(ORIGINS),
        destination: pick(HOME_AREAS),
        purpose: pick(['commute', 'business', 'logistics', 'return_home', 'visit']),
        ...(driving && { vehicle: { plate: `蒙A${String(randomInt(100000)).padStart(5, '0')}`, role: 'driver' } }),
      };
    }
    case 'community':
      return { ...base, direction: randomInt(2) ? 'in' : 'out', community: { role: 'resident' }, address: { building: String(1 + randomInt(20)), unit: String(1 + randomInt(4)), room: String(101 + randomInt(1500)) } };
    default:
      return { ...base, origin: pick(ORIGINS), floating: { arrivalDate: new Date().toISOString().slice(0, 10), stayDays: 1 + randomInt(30), hostKind: 'landlord' }, address: { line: `新华大街${1 + randomInt(300)}号` } };
  }
}

/** Registers one synthetic person every `everyMs` (and a first handful at once) until stopped. */
export function startDemoTraffic(app: FastifyInstance, sites: DemoSite[], everyMs = 8_000): () => void {
  if (!sites.length) return () => undefined;
  const send = () =>
    app
      .inject({ method: 'POST', url: '/api/v1/checkins', payload: demoCheckin(pick(sites)), remoteAddress: '127.0.0.1' })
      .then((res) => res.statusCode >= 400 && app.log.warn({ status: res.statusCode, body: res.body }, 'demo check-in refused'))
      .catch(() => undefined);
  for (let i = 0; i < 12; i++) void send();
  const timer = setInterval(send, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
