// One row of a household list (一标三实: the grid, the standard address, who lives or works there) -> the normalised
// record, or the reasons it is refused (per column of the file). A row without any person registers the address
// alone. The grid code is checked against the org tree by the batch (household-batch.ts). Pure: no I/O.
import { reasonCode } from '../../core/validation/result.ts';
import { validateIdNumber, type IdType } from '../../core/validation/id-number.ts';
import { validatePhone } from '../../core/validation/phone.ts';
import type { AddressKind, MemberRelation } from '../grid/addresses.ts';
import { headerRecognizer } from './fields.ts';
import { ID_TYPES, type Refusal } from './validate-row.ts';

export const HOUSEHOLD_FIELDS = ['gridCode', 'address', 'building', 'unit', 'room', 'kind', 'name', 'idType', 'idNumber', 'phone', 'relation'] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];
export type HouseholdColumnMap = Partial<Record<HouseholdField, string>>;

export function isHouseholdField(f: string): f is HouseholdField {
  return (HOUSEHOLD_FIELDS as readonly string[]).includes(f);
}

/** Usual headers of household lists per field (see fields.ts normalizeHeader). */
const DICTIONARY: Record<HouseholdField, string[]> = {
  gridCode: ['网格编码', '网格代码', '网格编号', '社区编码', '社区代码', '组织编码', '网格', 'grid code', 'grid', 'org code', 'community code'],
  address: ['标准地址', '地址', '详细地址', '住址', '房屋地址', '现住址', '居住地址', '单位地址', 'address', 'standard address'],
  building: ['楼栋', '楼栋号', '楼号', '楼幢', '栋号', '栋', 'building'],
  unit: ['单元', '单元号', 'unit'],
  room: ['室', '门牌', '门牌号', '房号', '房间号', '室号', '户号', 'room', 'door'],
  kind: ['类型', '地址类型', '房屋类型', '房屋用途', '用途', 'kind', 'type'],
  name: ['姓名', '名字', '人员姓名', 'name', 'full name'],
  idType: ['证件类型', '证件种类', 'id type', 'document type'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '证件号', 'id number', 'idnumber', 'id'],
  phone: ['手机号', '手机号码', '联系电话', '电话', '电话号码', '联系方式', '手机', 'phone', 'mobile', 'tel'],
  relation: ['与户主关系', '人员类型', '人员类别', '关系', '居住类型', 'relation', 'relationship'],
};

/** The household fields of a file's headers. */
export const recognizeHouseholdHeaders: (headers: string[]) => HouseholdColumnMap = headerRecognizer(HOUSEHOLD_FIELDS, DICTIONARY);

/** What a household mapping lacks to import anything: the grid and the address. */
export function missingHouseholdFields(columns: HouseholdColumnMap): HouseholdField[] {
  return (['gridCode', 'address'] as const).filter((f) => !columns[f]);
}

export interface HouseholdRecord {
  gridCode: string;
  address: { line: string; building: string | null; unit: string | null; room: string | null };
  kind: AddressKind;
  /** null: the row registers the address alone */
  person: { name: string; idType: IdType | null; idNumber: string | null; phone: string | null; relation: MemberRelation } | null;
}

export type HouseholdCheck = { ok: true; record: HouseholdRecord } | { ok: false; refusals: Refusal[] };
export type HouseholdValidator = (cells: string[]) => HouseholdCheck;

const KINDS: Record<string, AddressKind> = {
  住宅: 'residence', 居住: 'residence', 住户: 'residence', 住房: 'residence', 自住: 'residence', 出租: 'residence', 出租屋: 'residence', residence: 'residence', home: 'residence',
  单位: 'workplace', 企业: 'workplace', 商铺: 'workplace', 门店: 'workplace', 店铺: 'workplace', 办公: 'workplace', 工作: 'workplace', 经营: 'workplace', workplace: 'workplace', work: 'workplace',
};

/**
 * How lists name a person's tie to the address: the householder (户主, 本人, 业主) owns it, tenants rent, workers
 * work there; any other kinship (配偶, 子女, 父母 …) or 常住 is a resident. Never a refusal: a kinship word the
 * dictionary lacks still means someone who lives there.
 */
export function relationOf(raw: string, kind: AddressKind): MemberRelation {
  const v = raw.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  if (!v) return kind === 'workplace' ? 'worker' : 'resident';
  if (/户主|本人|业主|房主|产权人|owner/.test(v)) return 'owner';
  if (/租|tenant/.test(v)) return 'tenant';
  if (/从业|员工|职工|雇员|工作|worker|employee/.test(v)) return 'worker';
  if (/流动|floating/.test(v)) return 'floating';
  return kind === 'workplace' ? 'worker' : 'resident';
}

const text = (raw: string | undefined) => (raw ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ');
const tooLong = (v: string, max: number) => Array.from(v).length > max;

/** A validator for one file: the header positions are looked up once (see validate-row.ts rowValidator). */
export function householdValidator(headers: string[], columns: HouseholdColumnMap, opts: { now: number }): HouseholdValidator {
  const index = {} as Record<HouseholdField, number>;
  for (const f of HOUSEHOLD_FIELDS) index[f] = columns[f] !== undefined ? headers.indexOf(columns[f]!) : -1;
  const header = (f: HouseholdField) => columns[f] ?? f;
  const cell = (cells: string[], f: HouseholdField) => (index[f] >= 0 ? text(cells[index[f]]) : '');

  return (cells) => {
    const refusals: Refusal[] = [];
    const refuse = (f: HouseholdField, reason: string) => refusals.push({ column: header(f), reason });

    const gridCode = cell(cells, 'gridCode');
    if (!gridCode) refuse('gridCode', 'import.grid.empty');
    const line = cell(cells, 'address');
    if (!line) refuse('address', 'import.address.empty');
    else if (tooLong(line, 200)) refuse('address', 'import.text.too_long');
    const part = (f: 'building' | 'unit' | 'room') => {
      const v = cell(cells, f);
      if (tooLong(v, 20)) refuse(f, 'import.address.part_too_long');
      return v || null;
    };
    const address = { line, building: part('building'), unit: part('unit'), room: part('room') };
    const rawKind = cell(cells, 'kind');
    const kind = rawKind ? KINDS[rawKind.replace(/\s/g, '').toLowerCase()] : 'residence';
    if (!kind) refuse('kind', 'import.address_kind.unknown');

    const name = cell(cells, 'name');
    const rawId = cell(cells, 'idNumber');
    const rawPhone = cell(cells, 'phone');
    let person: HouseholdRecord['person'] = null;
    if (name || rawId || rawPhone) {
      if (!name) refuse('name', 'import.name.empty');
      else if (tooLong(name, 50)) refuse('name', 'import.name.too_long');
      let idType: IdType | null = null;
      let idNumber: string | null = null;
      if (rawId) {
        const rawType = cell(cells, 'idType');
        const type = rawType ? ID_TYPES[rawType.replace(/\s/g, '').toLowerCase()] : 'resident_id';
        if (!type) refuse('idType', 'import.id_type.unknown');
        else {
          const r = validateIdNumber(type, rawId, { now: opts.now });
          if (r.ok) [idType, idNumber] = [type, r.value];
          else refuse('idNumber', reasonCode(r.reason));
        }
      }
      let phone: string | null = null;
      if (rawPhone) {
        const r = validatePhone(rawPhone);
        if (r.ok) phone = r.value;
        else refuse('phone', reasonCode(r.reason));
      }
      // A person with neither could not be found again: importing the file twice would make them twice.
      if (!rawId && !rawPhone) refuse(columns.idNumber ? 'idNumber' : 'phone', 'import.id_or_phone.missing');
      person = { name, idType, idNumber, phone, relation: relationOf(cell(cells, 'relation'), kind ?? 'residence') };
    }
    if (refusals.length) return { ok: false, refusals };
    return { ok: true, record: { gridCode, address, kind: kind!, person } };
  };
}
