// Table types of contact tracing (migration 0008): traces, their contacts, and the follow-up tasks they create.

export interface TraceTable {
  id: string;
  personId: string;
  category: string | null;
  orgPath: string;
  fromAt: number;
  toAt: number;
  depth: number;
  params: string; // JSON TraceParams
  result: string; // JSON StoredTrace
  contacts: number;
  status: string; // 'draft' | 'accepted'
  purpose: string;
  createdBy: string | null;
  createdAt: number;
  acceptedBy: string | null;
  acceptedAt: number | null;
  acceptResult: string | null;
}

export interface TraceContactTable {
  traceId: string;
  node: string;
  personId: string | null;
  degree: number;
  score: number;
  orgPath: string;
  entryId: string | null;
  taskId: string | null;
}

export interface TaskTable {
  id: string;
  kind: string; // 'contact_follow_up' | ...
  status: string; // 'open' | 'done' | 'cancelled'
  orgUnitId: string;
  orgPath: string;
  personId: string | null;
  sourceType: string | null;
  sourceId: string | null;
  detail: string | null;
  dueAt: number;
  assignedTo: string | null;
  result: string | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  doneAt: number | null;
  // grid operations (0009)
  title: string | null;
  addressId: string | null;
  campaignId: string | null;
  escalatedTo: string | null;
  escalatedPath: string | null;
  escalatedAt: number | null;
  dedupeKey: string | null;
}
