import { api } from '../../shared/api.ts';

/** The three lists analysts import and the four categories, in the order the page offers them. */
export const LIST_KINDS = ['incoming', 'observation', 'high_risk', 'confirmed', 'suspected', 'fever', 'close_contact'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface ListView {
  id: string;
  name: string;
  kind: ListKind;
  orgCode: string | null;
  /** Check-ins of people with an active entry are flagged `watch_list`. */
  watch: boolean;
  entries: number;
  active: number;
  createdAt: string;
}

export interface NewList {
  name: string;
  kind: ListKind;
  orgCode: string;
  watch?: boolean;
}

const base = '/api/v1/lists';

export async function listLists(): Promise<ListView[]> {
  return (await api.get<{ items: ListView[] }>(base)).items;
}

export function createList(input: NewList): Promise<ListView> {
  return api.post<ListView>(base, input);
}
