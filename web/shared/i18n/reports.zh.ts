// The console's reports messages, part of the shared catalogue in zh.ts: the source of truth for en.
const reports = {
  title: '报告',
  generate: '生成报告',
  refresh: '刷新',
  empty: '还没有报告',
  kinds: {
    analysis: '研判报告',
    weekly: '周调度',
  },
  status: {
    queued: '排队中',
    running: '生成中',
    done: '已完成',
    failed: '失败',
  },
  col: {
    createdAt: '申请时间',
    kind: '类型',
    org: '机构',
    period: '时段',
    lang: '语言',
    status: '状态',
    by: '申请人',
    files: '下载',
  },
  scheduled: '定时',
  pdf: 'PDF',
  xlsx: 'XLSX',
  langs: {
    zh: '中文',
    en: 'English',
  },
  dialog: {
    title: '生成报告',
    kind: '报告类型',
    org: '机构',
    orgHint: '选择机构',
    period: '时段',
    week: '截至',
    weekHint: '周调度为截至当天的 7 天，与前 7 天对比',
    lang: '语言',
    submit: '生成',
    kindRequired: '请选择报告类型',
    orgRequired: '请选择机构',
    periodRequired: '请选择时段',
    start: '开始日期',
    end: '结束日期',
  },
  queued: '报告已提交，正在生成',
  finished: '报告“{name}”已生成',
};

export type ReportsMessages = typeof reports;
export default reports;
