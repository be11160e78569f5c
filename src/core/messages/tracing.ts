// Messages of contact tracing, in the two console languages.
export const tracingZh = {
  'trace.not_found': '找不到该流调记录',
  'trace.depth': '追踪层级须为 1 到 {max}',
  'trace.tolerance': '时间容差须为 1 到 {max} 分钟',
  'trace.window': '追踪时段的开始时间不能晚于结束时间',
  'trace.window_too_long': '追踪时段最长 {days} 天',
  'trace.unknown_contact': '该流调结果中没有接触者“{node}”',
  'validation.range': '字段“{field}”须在 {min} 到 {max} 之间',
};

export const tracingEn: Record<keyof typeof tracingZh, string> = {
  'trace.not_found': 'No such trace',
  'trace.depth': 'The depth must be 1 to {max}',
  'trace.tolerance': 'The tolerance must be 1 to {max} minutes',
  'trace.window': 'The window must start before it ends',
  'trace.window_too_long': 'A window is at most {days} days long',
  'trace.unknown_contact': 'This trace has no contact "{node}"',
  'validation.range': 'Field "{field}" must be between {min} and {max}',
};
