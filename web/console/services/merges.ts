import { api } from '../../shared/api.ts';

export const REASON_KINDS = [
  'same_document',
  'name_exact',
  'name_pinyin',
  'name_similar',
  'surname',
  'phone',
  'birth_date',
  'birth_month',
  'address',
  'place',
  'gender_conflict',
  'birth_conflict',
  'document_conflict',
] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];
export type CandidateStatus = 'open' | 'accepted' | 'rejected' | 'undone';

/** One record of a pair, masked. */
export interface MergePerson {
  id: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  source: string;
  lists: string[];
  mergedInto: string | null;
}

export interface Candidate {
  id: string;
  score: number;
  reasons: { kind: ReasonKind; weight: number }[];
  status: CandidateStatus;
  a: MergePerson;
  b: MergePerson;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface Merge {
  id: string;
  candidateId: string | null;
  kept: MergePerson;
  merged: MergePerson;
  at: string;
  by: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
}

export async function listCandidates(status: CandidateStatus, query: { limit?: number; offset?: number } = {}): Promise<Candidate[]> {
  return (await api.get<{ items: Candidate[] }>('/api/v1/merge-candidates', { status, ...query })).items;
}

export function acceptCandidate(id: string, keep: 'a' | 'b'): Promise<Merge> {
  return api.post<Merge>(`/api/v1/merge-candidates/${encodeURIComponent(id)}/accept`, { keep });
}

export function rejectCandidate(id: string): Promise<Candidate> {
  return api.post<Candidate>(`/api/v1/merge-candidates/${encodeURIComponent(id)}/reject`);
}

export function listMerges(query: { limit?: number; before?: string | null } = {}): Promise<{ items: Merge[]; nextBefore: string | null }> {
  return api.get('/api/v1/merges', { ...query });
}

export function undoMerge(id: string): Promise<Merge> {
  return api.post<Merge>(`/api/v1/merges/${encodeURIComponent(id)}/undo`);
}
