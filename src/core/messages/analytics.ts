// Messages of dashboards and the figures behind reports, in the two console languages.
export const analyticsZh = {
  'analytics.forbidden': '您的角色不能查看态势数据，仅限管理员、指挥人员和分析员',
  'analytics.bad_period': '时段无效：请填写 YYYY-MM-DD 格式的开始和结束日期，开始不晚于结束，最长 366 天（{from} 至 {to}）',
};

export const analyticsEn: Record<keyof typeof analyticsZh, string> = {
  'analytics.forbidden': 'Your role cannot read the situation figures: they are for administrators, commanders and analysts',
  'analytics.bad_period': 'Invalid period: give the first and last day as YYYY-MM-DD, the first not after the last, at most 366 days ({from} to {to})',
};
