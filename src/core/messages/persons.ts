// Messages of lists and the person master index, in the two console languages (English typed by the Chinese).
export const personsZh = {
  'list.invalid_name': '名单名称不能为空，最多 100 个字符',
  'list.name_taken': '已有名为“{name}”的名单',
  'list.not_found': '找不到名单“{name}”',
  'list.out_of_scope': '该名单不在您的管辖范围内',
  'person.not_found': '找不到该人员',
  'person.search_key_required': '请输入要查询的身份证号或手机号',
};

export const personsEn: Record<keyof typeof personsZh, string> = {
  'list.invalid_name': 'A list name must be 1 to 100 characters',
  'list.name_taken': 'A list named "{name}" already exists',
  'list.not_found': 'No list "{name}"',
  'list.out_of_scope': 'This list is outside your scope',
  'person.not_found': 'No such person',
  'person.search_key_required': 'Enter the ID number or phone number to search for',
};
