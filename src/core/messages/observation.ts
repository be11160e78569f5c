// Messages of home observations (grid operations): the staff console and the person's own report page.
export const observationZh = {
  'observation.not_found': '找不到该居家观察，或不在您的管辖范围内',
  'observation.days': '观察天数应为 1 到 {max} 天',
  'observation.start_at': '开始时间最早为 3 天前，最晚为 7 天后',
  'observation.no_unit': '无法确定该人员所属的网格，请先登记其住址',
  'observation.already_active': '该人员正在居家观察中（至 {endAt}），不能重复开始',
  'observation.ended': '居家观察已结束，无需再报告体温',
  'observation.not_started': '居家观察尚未开始，开始时间：{startAt}',
  'observation.token_invalid': '此观察链接无效，请向网格员重新索取链接',
  'observation.token_rotated': '此观察链接已被新链接替换，请使用网格员最新发给您的链接',
  'observation.token_expired': '此观察链接已过期',
  'observation.no_slot': '现在不在报告时段：上午 {am}–12:00，下午 {pm}–21:00',
  'observation.slot_reported': '本时段已有体温报告，下一时段从 {next} 开始',
  'observation.temperature_range': '体温应在 35.0 到 42.0 °C 之间，请重新测量',
  'observation.client_id_reused': '报告编号重复，请刷新页面后重新提交',
};

export const observationEn: Record<keyof typeof observationZh, string> = {
  'observation.not_found': 'No such home observation, or it is outside your scope',
  'observation.days': 'An observation lasts 1 to {max} days',
  'observation.start_at': 'The start can be at most 3 days ago or 7 days ahead',
  'observation.no_unit': 'The person\'s grid cannot be found; register their address first',
  'observation.already_active': 'This person is already under home observation (until {endAt})',
  'observation.ended': 'The home observation has ended; no more reports are needed',
  'observation.not_started': 'The home observation has not started yet; it starts at {startAt}',
  'observation.token_invalid': 'This observation link is not valid; ask your grid worker for the link again',
  'observation.token_rotated': 'This observation link has been replaced; use the newest link your grid worker sent you',
  'observation.token_expired': 'This observation link has expired',
  'observation.no_slot': 'Reports are taken from {am} to 12:00 and from {pm} to 21:00',
  'observation.slot_reported': 'This slot has a report already; the next one opens at {next}',
  'observation.temperature_range': 'The temperature should be between 35.0 and 42.0 °C; please measure again',
  'observation.client_id_reused': 'Duplicate report id; reload the page and send again',
};
