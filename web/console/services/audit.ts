import { api } from '../../shared/api.ts';
import type { AuditPage, AuditVerifyResult } from '../../shared/types.ts';

export function listAudit(query: { limit?: number; before?: number | null; action?: string }): Promise<AuditPage> {
  return api.get<AuditPage>('/api/v1/audit', { ...query });
}

export function verifyAudit(): Promise<AuditVerifyResult> {
  return api.get<AuditVerifyResult>('/api/v1/audit/verify');
}
