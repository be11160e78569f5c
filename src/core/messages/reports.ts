// Messages of reports asked for, scheduled and kept, in the two console languages (English typed by the Chinese).
export const reportsZh = {
  'report.forbidden': '您的角色不能生成或查看报告，报告仅限管理员、指挥人员和分析员',
  'report.not_found': '找不到该报告',
  'report.bad_period': '报告时段不正确：请用 YYYY-MM-DD 格式的日期，开始不晚于结束，最长 366 天，且不晚于今天',
  'report.not_ready': '报告还没有生成完成，请稍后再下载',
  'report.file_missing': '报告文件已不存在，请重新生成',
  'report.requester_gone': '申请人的账号已停用或不再能查看该机构，报告未生成',
  'report.abandoned': '生成报告的进程多次中断，报告未生成，请重新申请',
  'report.build_failed': '生成报告时出错：{detail}',
};

export const reportsEn: Record<keyof typeof reportsZh, string> = {
  'report.forbidden': 'Your role cannot make or read reports: reports are for administrators, commanders and analysts',
  'report.not_found': 'No such report',
  'report.bad_period': 'The report period is wrong: use YYYY-MM-DD days, the start not after the end, at most 366 days, not after today',
  'report.not_ready': 'The report is not finished yet; download it in a moment',
  'report.file_missing': 'The file of this report is gone; make the report again',
  'report.requester_gone': "The requester's account is disabled or can no longer read this org unit: the report was not made",
  'report.abandoned': 'The process making this report stopped several times: the report was not made; ask for it again',
  'report.build_failed': 'Making the report failed: {detail}',
};
