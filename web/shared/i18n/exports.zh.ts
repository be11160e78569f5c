// The console's exports messages, part of the shared catalogue in zh.ts: the source of truth for en.
const exports = {
  title: '导出',
  button: '导出',
  dialogTitle: {
    checkins: '导出登记记录',
    list_entries: '导出名单',
  },
  filters: '导出范围',
  allInScope: '您管辖范围内的全部记录',
  filterNames: {
    orgCode: '机构',
    siteCode: '登记点',
    siteKind: '类型',
    flagged: '仅预警',
    listId: '名单',
    list: '名单',
    from: '起',
    to: '止',
  },
  format: '文件格式',
  formats: {
    csv: 'CSV',
    xlsx: 'Excel（XLSX）',
  },
  formatHint: '用 Excel 打开时请选 XLSX：18 位身份证号会完整保留；CSV 适合导入其他系统',
  content: '内容',
  masked: '脱敏（默认）',
  clear: '明文',
  maskedOnly: '您的角色只能导出脱敏数据',
  clearNotice: '明文导出会写入审计日志（导出人、条数、用途）。导出的文件含个人信息，请按规定保管，用完删除。',
  purpose: '用途',
  purposeHint: '例如：向卫健部门报送发热人员名单',
  purposeRequired: '请填写导出明文的用途',
  purposeTooShort: '用途至少 4 个字',
  start: '开始导出',
  receiving: '正在接收…',
  rowsProgress: '{done} / {total} 行',
  bytesProgress: '已接收 {size}',
  done: '已导出 {total} 行：{name}',
};

export type ExportsMessages = typeof exports;
export default exports;
