// The generated sentences of the reports, without a database: which changes are notable, how they read in Chinese
// and English, biggest first, and always the same for the same figures.
import { describe, expect, it } from 'vitest';
import type { AnalysisReportData } from '../../src/modules/analytics/types.ts';
import { analysisSentences, MAX_SENTENCES, weeklySentences } from '../../src/modules/reports/narrative.ts';
import { changeText, previousName } from '../../src/modules/reports/text.ts';
import { ch, dispatchRow, quietAnalysis, quietWeekly, same } from '../helpers/report-data.ts';

function movement(d: AnalysisReportData, kind: string, added: number, before = 0): void {
  d.listMovements.find((m) => m.kind === kind)!.added = ch(added, before);
}

describe('analysis report sentences', () => {
  it('says nothing when nothing changed', () => {
    expect(analysisSentences(quietAnalysis(), 'zh')).toEqual([]);
    expect(analysisSentences(quietAnalysis(), 'en')).toEqual([]);
  });

  it('states a rise of check-ins at the org unit with the percentage and both figures', () => {
    const d = quietAnalysis();
    d.change.checkins = ch(945, 700);
    expect(analysisSentences(d, 'en')).toEqual(['Check-ins at 新城区 rose 35% over last week (700 to 945).']);
    expect(analysisSentences(d, 'zh')).toEqual(['新城区登记人次较上周上升35%（700→945）。']);
  });

  it('states flagged people and watch-list hits as from-to, and new cases by their number', () => {
    const d = quietAnalysis();
    d.change.flagged = ch(8, 12);
    d.change.watchHits = ch(7, 3);
    movement(d, 'confirmed', 3);
    movement(d, 'suspected', 1);
    expect(analysisSentences(d, 'en')).toEqual(['3 new confirmed cases.', 'Watch-list hits rose from 3 to 7.', '1 new suspected case.', 'Flagged people fell from 12 to 8.']);
    expect(analysisSentences(d, 'zh')).toEqual(['新增确诊病例3例。', '重点人员命中由3次增至7次。', '新增疑似病例1例。', '被标记人员由12人次降至8人次。']);
  });

  it('leaves out changes under the thresholds', () => {
    const d = quietAnalysis();
    d.change.checkins = ch(735, 700); // +5%
    d.change.flagged = ch(24, 23); // one more
    d.siteChanges[1].checkins = ch(15, 10); // +50%, but only 5 people
    d.subUnitChanges[0].checkins = ch(600, 500); // +20%: a part needs 30%
    movement(d, 'fever', 2); // fewer than 3 new fever patients
    movement(d, 'incoming', 12, 10); // +20%, but only 2 more
    expect(analysisSentences(d, 'en')).toEqual([]);
  });

  it('names sites and subordinate units whose check-ins moved, biggest first', () => {
    const d = quietAnalysis();
    d.change.checkins = ch(945, 700); // 35%
    d.siteChanges[0].checkins = ch(600, 400); // 50%
    d.subUnitChanges[1].checkins = ch(100, 200); // -50%, 100 people
    d.subUnitChanges[0].flagged = ch(3, 15);
    expect(analysisSentences(d, 'en')).toEqual([
      'Flagged people at 示范街道 fell from 15 to 3.',
      // the same 50% both: the larger number first
      'Check-ins at 新城区卡口 rose 50% over last week (400 to 600).',
      'Check-ins at 东风街道 fell 50% from last week (200 to 100).',
      'Check-ins at 新城区 rose 35% over last week (700 to 945).',
    ]);
  });

  it('is the same for the same figures, whatever their order', () => {
    const d = quietAnalysis();
    d.siteChanges = Array.from({ length: 10 }, (_, i) => ({ code: `S${i}`, name: `登记点${i}`, checkins: ch(200, 100) }));
    d.subUnitChanges = d.subUnitChanges.map((u) => ({ ...u, checkins: ch(400, 200) }));
    const first = analysisSentences(d, 'zh');
    d.siteChanges.reverse();
    d.subUnitChanges.reverse();
    expect(analysisSentences(d, 'zh')).toEqual(first);
    // at most three sites and three units, and never more than MAX_SENTENCES
    expect(first.filter((s) => s.startsWith('登记点'))).toHaveLength(3);
    expect(first.length).toBeLessThanOrEqual(MAX_SENTENCES);
  });

  it('handles a start from nothing and names the period before by its length', () => {
    const d = quietAnalysis();
    d.dashboard.period = { from: '2026-11-28', to: '2026-11-28' };
    d.change.checkins = ch(50, 0);
    d.change.flagged = ch(2, 0);
    expect(analysisSentences(d, 'en')).toEqual(['Check-ins at 新城区: 50, against none the day before.', 'Flagged people rose from 0 to 2.']);
    expect(analysisSentences(d, 'zh')).toEqual(['新城区登记50人次，前一日为0。', '被标记人员由0人次增至2人次。']);
    expect(previousName('zh', { from: '2026-11-01', to: '2026-11-30' })).toBe('前30日');
    expect(previousName('en', { from: '2026-11-01', to: '2026-11-30' })).toBe('the previous 30 days');
  });

  it('caps the sentences', () => {
    const d = quietAnalysis();
    d.change = { checkins: ch(2000, 700), flagged: ch(50, 23), watchHits: ch(30, 3) };
    d.siteChanges = Array.from({ length: 5 }, (_, i) => ({ code: `S${i}`, name: `登记点${i}`, checkins: ch(300 + i, 100) }));
    d.subUnitChanges = d.subUnitChanges.map((u) => ({ ...u, checkins: ch(50, 400), flagged: ch(30, 2) }));
    for (const k of ['confirmed', 'suspected', 'fever', 'close_contact']) movement(d, k, 9);
    expect(analysisSentences(d, 'en')).toHaveLength(MAX_SENTENCES);
  });
});

describe('weekly dispatch sentences', () => {
  it('says nothing when the week was like the last', () => {
    expect(weeklySentences(quietWeekly(), 'en')).toEqual([]);
  });

  it('states the units, the categories and the list arrivals that moved', () => {
    const d = quietWeekly();
    d.rows[0] = dispatchRow('150102001', '示范街道', ch(800, 500));
    d.total.checkins = ch(1000, 700);
    d.total.categories.confirmed = ch(5, 2);
    d.total.listArrivals = ch(30, 8);
    expect(weeklySentences(d, 'en')).toEqual([
      'List arrivals rose from 8 to 30.',
      'Confirmed cases rose from 2 to 5.',
      'Check-ins at 示范街道 rose 60% over last week (500 to 800).',
      'Check-ins at 新城区 rose 43% over last week (700 to 1,000).',
    ]);
    expect(weeklySentences(d, 'zh')).toEqual([
      '名单新增人员由8人增至30人。',
      '确诊病例由2例增至5例。',
      '示范街道登记人次较上周上升60%（500→800）。',
      '新城区登记人次较上周上升43%（700→1,000）。',
    ]);
  });
});

describe("a unit's own sites", () => {
  it("are named as the unit's own row", () => {
    const a = quietAnalysis();
    a.subUnitChanges.push({ code: '150102', name: '新城区', level: 'county', checkins: ch(60, 10), flagged: same(0) });
    expect(analysisSentences(a, 'zh')).toEqual(['新城区（本级）登记人次较上周上升500%（10→60）。']);
    const w = quietWeekly();
    w.rows.push(dispatchRow('150102', '新城区', ch(60, 10), { own: true }));
    expect(weeklySentences(w, 'en')).toEqual(['Check-ins at 新城区 (own) rose 500% over last week (10 to 60).']);
  });
});

describe('change text', () => {
  it('prints the change and its percentage with ASCII signs', () => {
    expect(changeText(ch(945, 700))).toBe('+245 (+35%)');
    expect(changeText(ch(8, 12))).toBe('-4 (-33%)');
    expect(changeText(ch(3, 0))).toBe('+3');
    expect(changeText(same(5))).toBe('±0');
    expect(changeText(ch(1030, 1000))).toBe('+30 (+3.0%)');
  });
});
