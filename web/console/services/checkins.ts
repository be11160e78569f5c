import { api } from '../../shared/api.ts';

export const CHECKIN_KINDS = ['checkpoint', 'community', 'floating', 'station'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

/** One person of a check-in as the list shows it: personal fields masked by the server. */
export interface Checkin {
  id: string;
  groupId: string;
  at: string;
  site: { code: string; name: string };
  kind: CheckinKind;
  direction: string;
  role: string;
  relation: string | null;
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  plate: string | null;
  plateType: string | null;
  vehicleRole: string | null;
  temperature: number | null;
  symptoms: string[];
  origin: string | null;
  destination: string | null;
  places14d: string[];
  purpose: string | null;
  flags: string[];
  enteredBy: string | null;
  enteredByName: string | null;
  decision: { decision: 'pass' | 'hold' | 'refer'; at: string; by: string } | null;
}

/** The same in clear, with the kind-specific details (address, community, floating); audited by the server. */
export type RevealedCheckin = Checkin & { details: Record<string, unknown> | null };

export interface CheckinQuery {
  site?: string;
  group?: string;
  kind?: CheckinKind;
  flagged?: boolean;
  from?: string;
  to?: string;
  before?: string | null;
  limit?: number;
}

export function listCheckins(query: CheckinQuery): Promise<{ items: Checkin[]; nextBefore: string | null }> {
  return api.get('/api/v1/checkins', { ...query });
}

export function revealCheckin(id: string, purpose: string): Promise<RevealedCheckin> {
  return api.post(`/api/v1/checkins/${encodeURIComponent(id)}/reveal`, { purpose });
}
