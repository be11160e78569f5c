import { api } from '../../shared/api.ts';
import type { PersonTraceLink } from '../../../src/modules/tracing/types.ts';

export type Gender = 'male' | 'female';
export type Decision = 'pass' | 'hold' | 'refer';

/** A person found by a search: masked by the server. */
export interface PersonSummary {
  id: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  birthYear: number | null;
  gender: Gender | null;
  source: string;
  lastSeenAt: string | null;
}

export interface PersonCheckin {
  id: string;
  at: string;
  site: { code: string; name: string };
  kind: string;
  direction: string;
  role: string;
  flags: string[];
  temperature: number | null;
  decision: { decision: Decision; at: string; by: string } | null;
}

export interface Membership {
  entryId: string;
  listId: string;
  listName: string;
  kind: string;
  category: boolean;
  watch: boolean;
  listedAt: string | null;
  createdAt: string;
  endedAt: string | null;
  source: string;
  importId: string | null;
  origin: string | null;
  note: string | null;
}

export interface PersonDecision {
  id: string;
  checkinId: string;
  siteCode: string;
  decision: Decision;
  note: string | null;
  via: string;
  at: string;
  by: { id: string; displayName: string };
}

/** A person's page, masked: GET /persons/{id} (audited by the server). */
export interface PersonView {
  id: string;
  profile: Omit<PersonSummary, 'id' | 'source' | 'lastSeenAt'> & { idType: string | null; sources: string[] };
  merged: { id: string; name: string | null; idNumber: string | null; phone: string | null; source: string; createdAt: string }[];
  memberships: Membership[];
  checkins: PersonCheckin[];
  checkinsMore: boolean;
  decisions: PersonDecision[];
  watchHits: { checkinId: string; listId: string; listName: string; kind: string; at: string; found: string; site: { code: string; name: string } | null }[];
  /** the traces the person appears in, as the case or as a contact */
  contacts: PersonTraceLink[];
}

export interface ClearProfile {
  id: string;
  idType: string | null;
  name: string;
  idNumber?: string;
  phone?: string;
  birthDate?: string;
  gender?: Gender;
  address?: string;
}

const base = '/api/v1/persons';

export async function searchPersons(query: { idNumber?: string; phone?: string; purpose: string }): Promise<PersonSummary[]> {
  return (await api.post<{ items: PersonSummary[] }>(`${base}/search`, query)).items;
}

export function getPerson(id: string): Promise<PersonView> {
  return api.get<PersonView>(`${base}/${encodeURIComponent(id)}`);
}

export function revealPerson(id: string, purpose: string): Promise<ClearProfile> {
  return api.post<ClearProfile>(`${base}/${encodeURIComponent(id)}/reveal`, { purpose });
}

/** The subject access report of a person of the index, in clear (administrators, analysts; audited). */
export function personReport(personId: string, purpose: string): Promise<Record<string, unknown>> {
  return api.post<Record<string, unknown>>(`${base}/report`, { personId, purpose });
}
