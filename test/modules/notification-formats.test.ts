// The messages and signatures of the three endpoint kinds, without network or database. The expected signatures
// were computed independently (Python's hmac, as in DingTalk's documentation).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { alertMarkdown, alertTitle, chinaTime, digestMarkdown, digestTitle, type Alert } from '../../src/modules/notifications/alert.ts';
import { backoffAfter } from '../../src/modules/notifications/delivery.ts';
import { buildRequest, dingTalkSign, genericSignature, judgeResponse } from '../../src/modules/notifications/formats.ts';

const alert = (extra: Partial<Alert> = {}): Alert => ({
  event: 'flagged',
  at: '2026-11-28T08:05:09.000Z',
  site: { code: 'CP7K2Q', name: '阳光社区卡口', orgUnit: '阳光社区' },
  checkin: { id: '01JCHECKIN', kind: 'checkpoint', direction: 'in', flags: ['fever', 'risk_area'], people: 3, person: { name: '王**', idNumber: '150***********123X', phone: '139****5678' } },
  link: 'https://reg.example.org/console/checkins?id=01JCHECKIN',
  ...extra,
});
const meta = { deliveryId: '01JDELIVERY', now: 1_700_000_000_000 };

describe('alert messages', () => {
  it('say what, where, when and who (masked) in Chinese, with the console link', () => {
    const text = alertMarkdown(alert());
    expect(alertTitle(alert())).toBe('【预警】发热、来自/途经风险地区 · 阳光社区卡口');
    expect(text).toContain('登记点：阳光社区卡口（CP7K2Q），阳光社区');
    expect(text).toContain('时间：2026-11-28 16:05:09'); // China Standard Time
    expect(text).toContain('同行共 3 人');
    expect(text).toContain('王＊＊  150＊＊＊＊＊＊＊＊＊＊＊123X  139＊＊＊＊5678');
    expect(text).toContain('[在控制台查看](https://reg.example.org/console/checkins?id=01JCHECKIN)');
  });

  it('keep typed names from adding links or layout', () => {
    const text = alertMarkdown(alert({ site: { code: 'X', name: '[点我](https://evil.example)', orgUnit: null }, decision: { decision: 'hold', by: '**李**' }, event: 'decision' }));
    expect(text).not.toContain('](https://evil');
    expect(text).toContain('处置：**留验**（＊＊李＊＊）');
  });

  it('gather several alerts into one digest: a count, the site, one short masked line with its link each', () => {
    const many = [1, 2, 3].map((i) => alert({ link: `https://reg.example.org/console/checkins?id=01J${i}`, at: `2026-11-28T08:0${i}:00.000Z` }));
    expect(digestTitle(many)).toBe('【预警】3 条 · 阳光社区卡口');
    const text = digestMarkdown(many);
    const lines = text.split('\n');
    expect(lines[0]).toBe('### 【预警】3 条 · 阳光社区卡口');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('- 11-28 16:01:00 阳光社区卡口 **发热、来自/途经风险地区** 王＊＊ [查看](https://reg.example.org/console/checkins?id=01J1)');
    expect(text).not.toContain('150'); // one line is short: no ID number or phone, even masked
    const mixed = [...many, alert({ event: 'decision', site: { code: 'Y', name: '[点我](https://evil.example)', orgUnit: null }, decision: { decision: 'refer', by: 'officer-a' } })];
    expect(digestTitle(mixed)).toBe('【预警】4 条 · 多个登记点');
    expect(digestMarkdown(mixed)).toContain('**转送医疗点**（officer-a）');
    expect(digestMarkdown(mixed)).not.toContain('](https://evil');
    // DingTalk joins single newlines: a digest for it keeps each line a paragraph.
    expect(digestMarkdown(many, '\n\n').split('\n\n')).toHaveLength(4);
  });

  it("tell a robot's 'too fast' from a refusal", () => {
    expect(judgeResponse('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({ ok: false, tooFast: true });
    expect(judgeResponse('dingtalk', 200, '{"errcode":660026,"errmsg":"send too fast"}')).toMatchObject({ ok: false, tooFast: true });
    expect(judgeResponse('dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}')).toMatchObject({ ok: false, tooFast: true });
    expect(judgeResponse('wecom', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, error: 'errcode 310000: sign not match' });
  });

  it('formats times in China Standard Time across midnight', () => {
    expect(chinaTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30:00');
  });
});

describe('endpoint requests', () => {
  it('WeCom: markdown content to the robot address as given', () => {
    const r = buildRequest('wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', secret: null }, alert(), meta);
    expect(r.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
    const body = JSON.parse(r.body);
    expect(body).toEqual({ msgtype: 'markdown', markdown: { content: alertMarkdown(alert()) } });
  });

  it('DingTalk: title and text, timestamp and sign appended to the address', () => {
    const secret = 'SEC0123456789abcdef';
    expect(dingTalkSign(secret, meta.now)).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
    const r = buildRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret }, alert(), meta);
    expect(r.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D');
    const body = JSON.parse(r.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(alertTitle(alert()));
    expect(body.markdown.text).toContain('\n\n> 登记点');
    // Without a secret (a robot secured by keyword or address) the address is used as it is.
    expect(buildRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: null }, alert(), meta).url).toBe('https://oapi.dingtalk.com/robot/send?access_token=T');
  });

  it('generic: the alert as JSON, with event, delivery, timestamp and signature headers', () => {
    expect(genericSignature('k', meta.now, '{"a":1}')).toBe('sha256=4284e27cb13c82554d08fc92e741b8ae1c126aa41c93a3060481666c36909b51');
    const r = buildRequest('generic', { url: 'https://gis.example.org/hook', secret: 'k' }, alert(), meta);
    expect(JSON.parse(r.body)).toEqual(alert());
    expect(r.headers).toMatchObject({
      'x-tracegrid-event': 'flagged',
      'x-tracegrid-delivery': '01JDELIVERY',
      'x-tracegrid-timestamp': '1700000000000',
      'x-tracegrid-signature': genericSignature('k', meta.now, r.body),
    });
    expect(buildRequest('generic', { url: 'https://gis.example.org/hook', secret: null }, alert(), meta).headers).not.toHaveProperty('x-tracegrid-signature');
  });
});

describe('answers', () => {
  it('count a robot answer as delivered only with errcode 0', () => {
    expect(judgeResponse('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(judgeResponse('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, error: 'errcode 310000: sign not match' });
    expect(judgeResponse('wecom', 200, '<html>proxy</html>')).toMatchObject({ ok: false });
    expect(judgeResponse('wecom', 502, 'Bad Gateway')).toEqual({ ok: false, error: 'HTTP 502: Bad Gateway' });
  });

  it('count any 2xx from a generic webhook as delivered', () => {
    expect(judgeResponse('generic', 204, '')).toEqual({ ok: true });
    expect(judgeResponse('generic', 302, '')).toEqual({ ok: false, error: 'HTTP 302' });
  });

  it('wait longer after each failure, the last wait repeating', () => {
    const cfg = { backoffMs: [10_000, 60_000, 300_000] };
    expect([1, 2, 3, 4, 9].map((n) => backoffAfter(cfg, n))).toEqual([10_000, 60_000, 300_000, 300_000, 300_000]);
  });
});

describe('settings', () => {
  const withFile = (notifications?: unknown, env: Record<string, string> = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-notify-'));
    if (notifications) fs.writeFileSync(path.join(dir, 'tracegrid.config.json'), JSON.stringify({ notifications }));
    try {
      return loadConfig(env, dir).notifications;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('default to seconds-to-hours back-off, https only', () => {
    expect(withFile()).toEqual({
      timeoutMs: 10_000, maxAttempts: 6, backoffMs: [10_000, 60_000, 300_000, 1_800_000, 7_200_000], pollMs: 5_000, concurrency: 4, robotIntervalMs: 3_000, allowHttp: false,
    });
    expect(withFile(undefined, { TRACEGRID_WEBHOOK_ALLOW_HTTP: 'true' }).allowHttp).toBe(true);
  });

  it('take a shorter schedule from the file, and say what is wrong with a bad one', () => {
    expect(withFile({ backoffMs: [1000, 5000], maxAttempts: 3 })).toMatchObject({ backoffMs: [1000, 5000], maxAttempts: 3 });
    expect(() => withFile({ backoffMs: [1000, -1] })).toThrow(/notifications.backoffMs\[1\] must be a whole number/);
    expect(() => withFile({ timeoutMs: 10 })).toThrow(/notifications.timeoutMs/);
  });
});
