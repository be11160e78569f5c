import { api } from '../../shared/api.ts';
import type { OrgLevel, OrgUnit, OrgUnitDetail } from '../../shared/types.ts';

const base = '/api/v1/org-units';

/** Children of a unit, or the caller's scope roots when no parent is given. */
export async function listOrgUnits(parentId?: string): Promise<OrgUnit[]> {
  return (await api.get<{ items: OrgUnit[] }>(base, { parentId })).items;
}

export function getOrgUnit(id: string): Promise<OrgUnitDetail> {
  return api.get<OrgUnitDetail>(`${base}/${encodeURIComponent(id)}`);
}

export function createOrgUnit(input: { code: string; name: string; level: OrgLevel; parentId: string | null }): Promise<OrgUnit> {
  return api.post<OrgUnit>(base, input);
}

export function updateOrgUnit(id: string, input: { name?: string; level?: OrgLevel }): Promise<OrgUnit> {
  return api.patch<OrgUnit>(`${base}/${encodeURIComponent(id)}`, input);
}

export function deleteOrgUnit(id: string): Promise<void> {
  return api.delete(`${base}/${encodeURIComponent(id)}`);
}
