// Messages for error codes, in the two console languages. Keys are stable error codes; {name} is a parameter.
import { analyticsEn, analyticsZh } from './messages/analytics.ts';
import { exportsEn, exportsZh } from './messages/exports.ts';
import { importsEn, importsZh } from './messages/imports.ts';
import { matchingEn, matchingZh } from './messages/matching.ts';
import { personsEn, personsZh } from './messages/persons.ts';
import { reportsEn, reportsZh } from './messages/reports.ts';
import { tracingEn, tracingZh } from './messages/tracing.ts';
import { gridEn, gridZh } from './messages/grid.ts';
import { observationEn, observationZh } from './messages/observation.ts';

export type Locale = 'zh' | 'en';

const baseZh = {
  'validation.invalid': '请求数据有误：{detail}',
  'validation.required': '缺少字段“{field}”',
  'validation.unknown_field': '不允许的字段“{field}”',
  'validation.type': '字段“{field}”的类型应为 {type}',
  'validation.format': '字段“{field}”的格式不正确',
  'validation.too_short': '字段“{field}”至少需要 {limit} 个字符',
  'validation.too_long': '字段“{field}”最多 {limit} 个字符',
  'validation.enum': '字段“{field}”只能是：{allowed}',
  'validation.range': '字段“{field}”超出允许范围',
  'validation.text': '字段“{field}”含有不允许的字符（控制字符或残缺的 Unicode 字符）',
  'validation.id.empty': '请填写证件号码',
  'validation.id.type': '不支持的证件类型',
  'validation.id.length': '身份证号应为 18 位（旧证 15 位）',
  'validation.id.format': '身份证号只能是数字，只有最后一位可以是 X',
  'validation.id.area': '身份证号前 6 位（地区码）不正确',
  'validation.id.birth_date': '身份证号中的出生日期（第 7–14 位）不是有效日期',
  'validation.id.checksum': '身份证号校验位不正确，请逐位核对',
  'validation.passport.format': '护照号码应为 5–17 位字母和数字',
  'validation.hk_macao_permit.format': '港澳居民来往内地通行证号码应为 H 或 M 加 8 位或 10 位数字',
  'validation.taiwan_permit.format': '台湾居民来往大陆通行证号码应为 8 位数字，或 10 位数字加 1 个字母',
  'validation.foreign_permanent.format': '外国人永久居留身份证号码应为 9 开头的 18 位，或 3 个字母加 12 位数字',
  'validation.other_id.format': '证件号码应为 3–30 位字母、数字或连字符',
  'validation.phone.empty': '请填写手机号码',
  'validation.phone.format': '手机号码应为 1 开头的 11 位数字',
  'validation.plate.empty': '请填写车牌号',
  'validation.plate.type': '不支持的号牌种类',
  'validation.plate.province': '车牌号第一个字应为省份简称，如“蒙”',
  'validation.plate.format': '车牌号格式不正确，请核对（字母 I 和 O 不会出现在车牌中）',
  'validation.plate.type_mismatch': '车牌号与所选号牌种类不符',
  'validation.temperature.format': '体温请填写数字，最多一位小数，如 36.5',
  'validation.temperature.range': '体温应在 34.0 到 43.0 °C 之间，请重新测量',
  'validation.division.format': '行政区划代码应为 6 位数字',
  'validation.division.unknown': '没有这个行政区划，请从列表中选择',
  'division.not_found': '找不到行政区划“{code}”',
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
  'org.has_sites': '该机构下还有 {n} 个登记点，不能删除',
  'org.has_webhooks': '该机构还配置了 {n} 个预警通知，不能删除',
  'org.cycle': '不能把机构移动到它自己的下级之下',
  'org.import_invalid': '导入文件第 {row} 行：{reason}',
  'site.not_found': '找不到登记点“{code}”，或该登记点已停用',
  'site.invalid_name': '登记点名称不能为空（最多 {limit} 个字符）',
  'site.token_invalid': '二维码无效：可能是伪造的或被改动过，请扫描现场张贴的二维码',
  'site.token_expired': '二维码已过期或尚未生效，请扫描现场张贴的最新二维码',
  'site.token_rotated': '该二维码已更换并停用，请扫描现场张贴的最新二维码',
  'reveal.purpose_required': '查看明文必须说明用途（至少 {min} 个字符）',
  'crypto.decrypt_failed': '无法解密数据：密钥不匹配或数据已损坏',
  'crypto.unknown_key': '未知的密钥编号“{keyId}”',
  'checkin.not_found': '找不到该登记记录',
  'checkin.assist_forbidden': '您的角色不能代人登记',
  'checkin.assist_out_of_scope': '该登记点不在您的管辖范围内，不能代人登记',
  'pass.invalid': '通行码无效：可能是伪造的或被改动过',
  'pass.expired': '通行码已过期，请让对方重新登记',
  'lookup.value_required': '请输入要查询的证件号码、手机号或车牌号',
  'summary.bad_range': '开始时间必须早于结束时间',
  'summary.range_too_long': '统计时段最长 {days} 天',
  'risk.region_admin_only': '风险地区适用于全区，只有全区管理员可以修改',
  'risk.unknown_division': '“{code}”不是有效的行政区划代码',
  'risk.bad_range': '结束时间不能早于开始时间',
  'risk.not_found': '找不到该风险地区',
  'webhook.not_found': '找不到该通知渠道',
  'webhook.invalid_url': '地址应为 https:// 开头的完整网址，不含用户名和密码（仅本机地址可用 http://）',
  'webhook.secret_not_used': '企业微信群机器人不使用签名密钥，请留空',
  'webhook.delivery_not_found': '找不到该条通知记录',
  'webhook.delivery_not_retryable': '该通知已发送成功，无需重发',
  'db.unavailable': '数据库暂时不可用，请稍后重试',
  'db.full': '服务器存储空间已满，暂时无法保存，请稍后重试（已保存的数据不受影响）',
  'db.read_only': '服务器存储目前为只读，暂时无法保存，请稍后重试（查询不受影响）',
  'internal': '服务器内部错误，请稍后重试',
};

const zh = { ...baseZh, ...importsZh, ...matchingZh, ...personsZh, ...exportsZh, ...reportsZh, ...analyticsZh, ...tracingZh, ...gridZh, ...observationZh };

export type MessageKey = keyof typeof zh;

// Typed by the Chinese catalogue: a missing English message is a type error.
const baseEn: Record<keyof typeof baseZh, string> = {
  'validation.invalid': 'Invalid request: {detail}',
  'validation.required': 'Field "{field}" is required',
  'validation.unknown_field': 'Field "{field}" is not allowed',
  'validation.type': 'Field "{field}" must be of type {type}',
  'validation.format': 'Field "{field}" has the wrong format',
  'validation.too_short': 'Field "{field}" needs at least {limit} characters',
  'validation.too_long': 'Field "{field}" allows at most {limit} characters',
  'validation.enum': 'Field "{field}" must be one of: {allowed}',
  'validation.range': 'Field "{field}" is out of range',
  'validation.text': 'Field "{field}" holds characters that are not allowed (control characters or broken Unicode)',
  'validation.id.empty': 'Enter the document number',
  'validation.id.type': 'Unsupported document type',
  'validation.id.length': 'A resident ID number has 18 characters (15 on old cards)',
  'validation.id.format': 'A resident ID number has only digits; only the last character may be X',
  'validation.id.area': 'The first 6 digits of the ID number (the area code) are wrong',
  'validation.id.birth_date': 'The birth date in the ID number (digits 7-14) is not a valid date',
  'validation.id.checksum': 'The check character of the ID number is wrong; check each digit',
  'validation.passport.format': 'A passport number has 5-17 letters and digits',
  'validation.hk_macao_permit.format': 'A Hong Kong/Macao permit number is H or M followed by 8 or 10 digits',
  'validation.taiwan_permit.format': 'A Taiwan permit number has 8 digits, or 10 digits and a letter',
  'validation.foreign_permanent.format': 'A permanent residence ID has 18 characters starting with 9, or 3 letters and 12 digits',
  'validation.other_id.format': 'A document number has 3-30 letters, digits or hyphens',
  'validation.phone.empty': 'Enter a mobile number',
  'validation.phone.format': 'A mobile number has 11 digits starting with 1',
  'validation.plate.empty': 'Enter the plate number',
  'validation.plate.type': 'Unsupported plate type',
  'validation.plate.province': 'A plate starts with a province abbreviation, e.g. 蒙',
  'validation.plate.format': 'The plate number has the wrong format (plates never contain the letters I and O)',
  'validation.plate.type_mismatch': 'The plate number does not match the chosen plate type',
  'validation.temperature.format': 'Enter the temperature as a number with at most one decimal, e.g. 36.5',
  'validation.temperature.range': 'The temperature must be between 34.0 and 43.0 °C; measure again',
  'validation.division.format': 'A division code has 6 digits',
  'validation.division.unknown': 'No such division; choose one from the list',
  'division.not_found': 'No division "{code}"',
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
  'org.has_sites': 'The org unit still has {n} registration sites and cannot be deleted',
  'org.has_webhooks': 'The org unit still has {n} alert webhooks and cannot be deleted',
  'org.cycle': 'An org unit cannot be moved under its own subordinate',
  'org.import_invalid': 'Import file row {row}: {reason}',
  'site.not_found': 'No site "{code}", or the site is disabled',
  'site.invalid_name': 'A site needs a name (at most {limit} characters)',
  'site.token_invalid': 'This QR code is not valid: it was forged or altered. Scan the code posted at the site',
  'site.token_expired': 'This QR code has expired or is not valid yet. Scan the latest code posted at the site',
  'site.token_rotated': 'This QR code has been replaced and no longer works. Scan the latest code posted at the site',
  'reveal.purpose_required': 'Seeing a value in clear needs a stated purpose (at least {min} characters)',
  'crypto.decrypt_failed': 'Cannot decrypt: the key does not match or the data is damaged',
  'crypto.unknown_key': 'Unknown key id "{keyId}"',
  'checkin.not_found': 'No such check-in',
  'checkin.assist_forbidden': 'Your role cannot register people on their behalf',
  'checkin.assist_out_of_scope': 'This site is outside your scope: you cannot register people there',
  'pass.invalid': 'This pass is not valid: it may be forged or altered',
  'pass.expired': 'This pass has expired: the person needs to register again',
  'lookup.value_required': 'Enter the ID number, phone number or plate to look up',
  'summary.bad_range': 'The start must be before the end',
  'summary.range_too_long': 'A summary covers at most {days} days',
  'risk.region_admin_only': 'Risk areas apply to the whole region; only administrators of the whole region can change them',
  'risk.unknown_division': '"{code}" is not a valid division code',
  'risk.bad_range': 'The end cannot be before the start',
  'risk.not_found': 'No such risk area',
  'webhook.not_found': 'No such notification channel',
  'webhook.invalid_url': 'The address must be a full https:// URL without user name or password (http:// only for this machine)',
  'webhook.secret_not_used': 'WeCom group robots do not use a signing secret; leave it empty',
  'webhook.delivery_not_found': 'No such notification',
  'webhook.delivery_not_retryable': 'This notification was sent; there is nothing to retry',
  'db.unavailable': 'The database is unavailable; retry shortly',
  'db.full': 'The server has run out of storage space, so nothing can be saved for now; retry later (what was saved is safe)',
  'db.read_only': 'The server storage is read-only, so nothing can be saved for now; retry later (reading still works)',
  'internal': 'Internal server error; retry shortly',
};

const en: Record<MessageKey, string> = { ...baseEn, ...importsEn, ...matchingEn, ...personsEn, ...exportsEn, ...reportsEn, ...analyticsEn, ...tracingEn, ...gridEn, ...observationEn };

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
