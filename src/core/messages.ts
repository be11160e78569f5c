// Messages for error codes, in the two console languages. Keys are stable error codes; {name} is a parameter.
export type Locale = 'zh' | 'en';

const zh = {
  'validation.invalid': '请求数据有误：{detail}',
  'validation.required': '缺少字段“{field}”',
  'validation.unknown_field': '不允许的字段“{field}”',
  'validation.type': '字段“{field}”的类型应为 {type}',
  'validation.format': '字段“{field}”的格式不正确',
  'validation.too_short': '字段“{field}”至少需要 {limit} 个字符',
  'validation.too_long': '字段“{field}”最多 {limit} 个字符',
  'validation.enum': '字段“{field}”只能是：{allowed}',
  'validation.range': '字段“{field}”超出允许范围',
  'request.malformed_json': '请求体不是有效的 JSON',
  'request.too_large': '请求体过大（上限 {limit} 字节）',
  'request.unsupported_media_type': '不支持的内容类型',
  'request.not_found': '没有这个接口：{method} {url}',
  'request.rate_limited': '请求过于频繁，请在 {retryAfter} 秒后重试',
  'auth.required': '请先登录',
  'auth.invalid_credentials': '用户名或密码错误',
  'auth.locked': '账号因多次登录失败已被锁定，请在 {minutes} 分钟后重试',
  'auth.disabled': '账号已停用',
  'auth.totp_required': '请输入动态验证码',
  'auth.totp_invalid': '动态验证码错误',
  'auth.totp_not_setup': '尚未设置动态验证码',
  'auth.csrf': '缺少或错误的 CSRF 令牌，请刷新页面后重试',
  'auth.forbidden': '没有权限执行此操作',
  'auth.out_of_scope': '该数据不在您的管辖范围内',
  'auth.session_expired': '会话已过期，请重新登录',
  'password.weak': '密码太弱：至少 {min} 个字符，且包含字母和数字，不能包含用户名',
  'user.duplicate_username': '用户名“{username}”已存在',
  'user.not_found': '找不到该用户',
  'user.invalid_username': '用户名只能包含字母、数字、点、下划线和连字符（3–32 个字符）',
  'user.no_scope': '用户至少需要一个管辖机构',
  'user.cannot_change_self': '不能停用自己或修改自己的角色',
  'org.not_found': '找不到机构“{code}”',
  'org.duplicate_code': '机构代码“{code}”已存在',
  'org.invalid_code': '机构代码“{code}”不合法：只能包含字母、数字和连字符（1–32 个字符）',
  'org.has_children': '该机构还有下级机构，不能删除',
  'org.in_use': '该机构仍是用户的管辖范围，不能删除',
  'org.cycle': '不能把机构移动到它自己的下级之下',
  'org.import_invalid': '导入文件第 {row} 行：{reason}',
  'reveal.purpose_required': '查看明文必须说明用途（至少 {min} 个字符）',
  'crypto.decrypt_failed': '无法解密数据：密钥不匹配或数据已损坏',
  'crypto.unknown_key': '未知的密钥编号“{keyId}”',
  'db.unavailable': '数据库暂时不可用，请稍后重试',
  'internal': '服务器内部错误，请稍后重试',
};

export type MessageKey = keyof typeof zh;

// Typed by the Chinese catalogue: a missing English message is a type error.
const en: Record<MessageKey, string> = {
  'validation.invalid': 'Invalid request: {detail}',
  'validation.required': 'Field "{field}" is required',
  'validation.unknown_field': 'Field "{field}" is not allowed',
  'validation.type': 'Field "{field}" must be of type {type}',
  'validation.format': 'Field "{field}" has the wrong format',
  'validation.too_short': 'Field "{field}" needs at least {limit} characters',
  'validation.too_long': 'Field "{field}" allows at most {limit} characters',
  'validation.enum': 'Field "{field}" must be one of: {allowed}',
  'validation.range': 'Field "{field}" is out of range',
  'request.malformed_json': 'The request body is not valid JSON',
  'request.too_large': 'The request body is too large (limit {limit} bytes)',
  'request.unsupported_media_type': 'Unsupported content type',
  'request.not_found': 'No such endpoint: {method} {url}',
  'request.rate_limited': 'Too many requests; retry in {retryAfter} seconds',
  'auth.required': 'Please log in',
  'auth.invalid_credentials': 'Wrong username or password',
  'auth.locked': 'The account is locked after repeated failed logins; retry in {minutes} minutes',
  'auth.disabled': 'The account is disabled',
  'auth.totp_required': 'Enter the one-time code from your authenticator',
  'auth.totp_invalid': 'The one-time code is wrong',
  'auth.totp_not_setup': 'No one-time code has been set up',
  'auth.csrf': 'Missing or wrong CSRF token; reload the page and retry',
  'auth.forbidden': 'You are not allowed to do this',
  'auth.out_of_scope': 'This data is outside your scope',
  'auth.session_expired': 'Your session has expired; please log in again',
  'password.weak': 'Password too weak: at least {min} characters with letters and digits, not containing the username',
  'user.duplicate_username': 'Username "{username}" is already taken',
  'user.not_found': 'No such user',
  'user.invalid_username': 'Usernames use letters, digits, dot, underscore and hyphen (3-32 characters)',
  'user.no_scope': 'A user needs at least one org unit as scope',
  'user.cannot_change_self': 'You cannot disable yourself or change your own role',
  'org.not_found': 'No org unit "{code}"',
  'org.duplicate_code': 'Org unit code "{code}" already exists',
  'org.invalid_code': 'Org unit code "{code}" is invalid: letters, digits and hyphens, 1-32 characters',
  'org.has_children': 'The org unit still has subordinate units and cannot be deleted',
  'org.in_use': 'The org unit is still the scope of some users and cannot be deleted',
  'org.cycle': 'An org unit cannot be moved under its own subordinate',
  'org.import_invalid': 'Import file row {row}: {reason}',
  'reveal.purpose_required': 'Seeing a value in clear needs a stated purpose (at least {min} characters)',
  'crypto.decrypt_failed': 'Cannot decrypt: the key does not match or the data is damaged',
  'crypto.unknown_key': 'Unknown key id "{keyId}"',
  'db.unavailable': 'The database is unavailable; retry shortly',
  'internal': 'Internal server error; retry shortly',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { zh, en };

export function isMessageKey(code: string): code is MessageKey {
  return code in zh;
}

export function formatMessage(locale: Locale, code: string, params: Record<string, unknown> = {}): string {
  const template = isMessageKey(code) ? catalogs[locale][code] : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Picks zh or en from an Accept-Language header; Chinese is the default. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((p) => p.tag.startsWith('zh') || p.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('en') ? 'en' : 'zh';
}
