// The text for a check-in the server refused. Chinese and English pages show the server's own message (it comes
// in their language); Mongolian pages get Chinese from the server, so they show their own text for the field.
import { msg, type Lang, type RegisterMessageKey } from './i18n/index.ts';

const BY_FIELD: Array<[RegExp, RegisterMessageKey]> = [
  [/^(person|companions\.\d+)\.idNumber$/, 'err.id_shape'],
  [/phone$/, 'err.phone'],
  [/name$/, 'err.name'],
  [/^plate$/, 'err.plate'],
  [/^temperature$/, 'err.temperature'],
  [/^(origin|destination|places14d(\.\d+)?)$/, 'err.division'],
  [/^arrivalDate$/, 'err.date'],
  [/^(passengers|stayDays)$/, 'err.range'],
];

export function refusalText(refused: { code: string; message: string }, field: string | null, lang: Lang): string {
  if (lang !== 'mn') return refused.message;
  const known = field ? BY_FIELD.find(([re]) => re.test(field)) : undefined;
  return known ? msg(known[1]) : field ? msg('err.required') : refused.message;
}
