// Messages of the matching area, in the two console languages (the English one typed by the Chinese one).
export const matchingZh = {
  'merge.candidate_not_found': '找不到该疑似重复记录',
  'merge.not_found': '找不到该合并记录',
  'merge.already_decided': '该疑似重复记录已处理（{status}），请刷新后查看',
  'merge.not_root': '其中一条人员记录已并入其他人员，请先撤销那次合并或处理其他疑似重复记录',
  'merge.already_undone': '该合并已撤销',
  'merge.changed_since': '该合并之后人员记录又有变动，无法撤销；请刷新后查看',
};

export const matchingEn: Record<keyof typeof matchingZh, string> = {
  'merge.candidate_not_found': 'No such possible duplicate',
  'merge.not_found': 'No such merge',
  'merge.already_decided': 'This possible duplicate was already decided ({status}); refresh to see it',
  'merge.not_root': 'One of the records was already merged into another person: undo that merge first, or decide the other pair',
  'merge.already_undone': 'This merge was already undone',
  'merge.changed_since': 'The records changed after this merge, so it cannot be undone; refresh to see them',
};
