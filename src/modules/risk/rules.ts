// Risk rules: pure functions deciding the flags of a check-in at the moment it arrives. No I/O.
export type Flag = 'fever' | 'risk_area' | 'symptoms' | 'watch_list';

export interface RiskArea {
  /** GB/T 2260 code of a province (xx0000), city (xxxx00) or county */
  code: string;
  level: 'low' | 'medium' | 'high';
  validFrom: number;
  validTo: number | null;
}

export interface RiskInput {
  temperature: number | null;
  symptoms: string[];
  origin: string | null;
  destination: string | null;
  places14d: string[];
}

export interface RiskRules {
  feverThreshold: number;
  riskAreas: RiskArea[];
}

export interface RiskResult {
  flags: Flag[];
  /** which places matched which risk area, for the officer and the person's advice */
  areaHits: { place: string; area: string; level: RiskArea['level'] }[];
}

/** 420000 -> "42", 420100 -> "4201", 420106 -> "420106": a place lies in an area when it starts with this. */
export function areaPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function evaluateRisk(input: RiskInput, rules: RiskRules, at: number): RiskResult {
  const flags = new Set<Flag>();
  if (input.temperature !== null && input.temperature >= rules.feverThreshold) flags.add('fever');
  if (input.symptoms.length > 0) flags.add('symptoms');
  const active = rules.riskAreas.filter((a) => a.validFrom <= at && (a.validTo === null || at <= a.validTo));
  const places = [input.origin, input.destination, ...input.places14d].filter((p): p is string => !!p);
  const areaHits: RiskResult['areaHits'] = [];
  for (const place of new Set(places)) {
    for (const area of active) {
      if (place.startsWith(areaPrefix(area.code))) areaHits.push({ place, area: area.code, level: area.level });
    }
  }
  if (areaHits.length) flags.add('risk_area');
  const order: Flag[] = ['fever', 'risk_area', 'symptoms', 'watch_list'];
  return { flags: order.filter((f) => flags.has(f)), areaHits };
}
