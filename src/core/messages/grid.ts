// Messages of grid operations (posts, households, tasks, campaigns), in the two console languages.
export const gridZh = {
  'grid.post_level': '网格职务只能设在社区、楼栋或门（户）一级，“{code}”不是',
  'grid.post_not_found': '该用户在此网格没有这个职务',
  'grid.address_not_found': '找不到该地址',
  'grid.address_level': '标准地址须属于社区、楼栋或门（户）一级的网格，“{code}”不是',
  'grid.address_exists': '该标准地址已登记',
  'grid.task_not_found': '找不到该任务',
  'grid.task_target': '请指定任务的网格、人员或住户',
  'grid.task_closed': '该任务已办结或已取消，不能再记录',
  'grid.due': '截止时间须晚于现在，且不超过一年',
  'grid.event_time': '记录时间无效或超过 30 天',
  'grid.temperature': '体温须在 {min} 到 {max} ℃ 之间',
  'grid.campaign_not_found': '找不到该排查任务',
};

export const gridEn: Record<keyof typeof gridZh, string> = {
  'grid.post_level': 'Grid posts are held at community, building or door level; "{code}" is not',
  'grid.post_not_found': 'The user does not hold this post in this grid',
  'grid.address_not_found': 'No such address',
  'grid.address_level': 'A standard address belongs to a community, building or door grid; "{code}" is not one',
  'grid.address_exists': 'This address is registered already',
  'grid.task_not_found': 'No such task',
  'grid.task_target': 'Name the grid, the person or the household of the task',
  'grid.task_closed': 'This task is done or cancelled; nothing more can be recorded on it',
  'grid.due': 'The due time must be in the future and within a year',
  'grid.event_time': 'The time of the record is not valid or older than 30 days',
  'grid.temperature': 'The temperature must be between {min} and {max} °C',
  'grid.campaign_not_found': 'No such screening campaign',
};
