// The fields of an import row and the header dictionary that maps a file's columns to them without a mapping:
// lists arrive from many offices, each with its own wording (姓名 / 名字 / Name, 身份证号码（必填） / ID number ...).
export const IMPORT_FIELDS = ['name', 'idType', 'idNumber', 'phone', 'gender', 'birthDate', 'address', 'origin', 'listedAt', 'note'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** field -> the file's header that holds it */
export type ColumnMap = Partial<Record<ImportField, string>>;

export function isImportField(f: string): f is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(f);
}

/** Usual headers per field, most specific first. Compared after normalizeHeader. */
const DICTIONARY: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '人员姓名', '患者姓名', '中文姓名', 'name', 'full name', 'fullname', 'person name'],
  idType: ['证件类型', '证件种类', 'id type', 'idtype', 'id_type', 'document type'],
  idNumber: [
    '身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '证件号', '身份证件号码',
    'id number', 'id_number', 'idnumber', 'id no', 'id', 'document number', 'identity number',
  ],
  phone: ['手机号', '手机号码', '联系电话', '电话', '电话号码', '联系方式', '手机', 'phone', 'mobile', 'phone number', 'mobile phone', 'tel', 'telephone'],
  gender: ['性别', 'gender', 'sex'],
  birthDate: ['出生日期', '出生年月', '出生年月日', '生日', 'birth date', 'date of birth', 'birthdate', 'birthday', 'dob'],
  address: ['现住址', '居住地址', '现居住地址', '现居地址', '住址', '地址', '家庭住址', 'address', 'current address', 'home address'],
  origin: ['来源地', '来自', '出发地', '户籍地', '来源', '来源地区', '来自地区', '户籍所在地', 'origin', 'from', 'coming from', 'place of origin'],
  listedAt: [
    '到达时间', '抵达时间', '来呼时间', '入境时间', '到达日期', '抵达日期', '日期', '确诊日期', '报告日期', '登记日期', '发病日期', '登记时间',
    'arrival time', 'arrived at', 'arrival', 'arrival date', 'date', 'listed at', 'listed_at', 'listedat',
  ],
  note: ['备注', '说明', '备注说明', 'note', 'notes', 'remarks', 'remark', 'comment', 'comments'],
};

/**
 * The comparable form of a header: full-width to half-width (NFKC), no BOM, no bracketed remark such as
 * （必填） or (required), no spaces, underscores, hyphens, colons or asterisks, lower case.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\uFEFF/g, '')
    .replace(/[([{【<《][^)\]}】>》]*[)\]}】>》]/g, '')
    .replace(/[\s_\-:：*＊.。、,，'"“”‘’?？!！/\\|#]/g, '')
    .toLowerCase();
}

/**
 * Which header holds which field: exact matches first, then headers that contain a usual Chinese header.
 * Each header is used for one field, each field takes the first header that matches it. Made once per set of
 * fields (a list's, a household list's) from its dictionary.
 */
export function headerRecognizer<F extends string>(fields: readonly F[], dictionary: Record<F, string[]>): (headers: string[]) => Partial<Record<F, string>> {
  const normal: [F, string][] = fields.flatMap((f) => dictionary[f].map((h) => [f, normalizeHeader(h)] as [F, string]));
  const exact = new Map<string, F>();
  for (const [f, h] of normal) if (!exact.has(h)) exact.set(h, f);
  // Containment is only tried with Chinese words of two characters or more: "患者身份证号码" holds 身份证号码,
  // while short Latin words ("id", "from") would be found inside unrelated headers.
  const contained = normal.filter(([, h]) => /^[\p{Script=Han}]{2,}$/u.test(h)).sort((a, b) => b[1].length - a[1].length);
  return (headers) => {
    const out: Partial<Record<F, string>> = {};
    const used = new Set<number>();
    const normalHeaders = headers.map(normalizeHeader);
    normalHeaders.forEach((h, i) => {
      const f = exact.get(h);
      if (f && !out[f]) {
        out[f] = headers[i];
        used.add(i);
      }
    });
    normalHeaders.forEach((h, i) => {
      if (used.has(i) || !h) return;
      const hit = contained.find(([f, word]) => !out[f] && h.includes(word));
      if (hit) {
        out[hit[0]] = headers[i];
        used.add(i);
      }
    });
    return out;
  };
}

/** The list fields of a file's headers (see headerRecognizer). */
export const recognizeHeaders: (headers: string[]) => ColumnMap = headerRecognizer(IMPORT_FIELDS, DICTIONARY);

/** What a mapping lacks to import anything: a name, and a document number or a phone number. */
export function missingFields(columns: ColumnMap): ('name' | 'idNumber|phone')[] {
  const missing: ('name' | 'idNumber|phone')[] = [];
  if (!columns.name) missing.push('name');
  if (!columns.idNumber && !columns.phone) missing.push('idNumber|phone');
  return missing;
}
