import { api } from '../../shared/api.ts';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface RiskArea {
  id: string;
  code: string;
  level: RiskLevel;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

export interface NewRiskArea {
  code: string;
  level: RiskLevel;
  validFrom: string;
  validTo: string | null;
  note?: string;
}

const base = '/api/v1/risk-areas';

export async function listRiskAreas(): Promise<RiskArea[]> {
  return (await api.get<{ items: RiskArea[] }>(base)).items;
}

export function addRiskArea(input: NewRiskArea): Promise<RiskArea> {
  return api.post<RiskArea>(base, input);
}

export function deleteRiskArea(id: string): Promise<void> {
  return api.delete(`${base}/${encodeURIComponent(id)}`);
}
