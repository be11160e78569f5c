// The grid's API shapes, shared by the services and the routes' schemas.

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  level: string;
}

export interface MaskedPersonRef {
  id: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
}

export const GRID_POSTS = ['grid_worker', 'building_leader', 'door_leader', 'community_police', 'community_staff'] as const;
export type GridPost = (typeof GRID_POSTS)[number];

export const TASK_KINDS = ['contact_follow_up', 'home_observation', 'missed_report', 'screening', 'ad_hoc'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What a worker may write as a task's result. */
export const VISIT_RESULTS = ['reached', 'not_home', 'refused', 'moved'] as const;
export const SCREENING_RESULTS = ['normal', 'fever', 'not_home', 'refused'] as const;
export const DONE_RESULTS = [...new Set([...VISIT_RESULTS, ...SCREENING_RESULTS, 'completed', 'handed_over'])];
export const EVENT_KINDS = ['visit', 'temperature', 'done', 'note'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface TaskView {
  id: string;
  kind: string;
  status: string;
  title: string | null;
  orgUnit: UnitRef;
  person: MaskedPersonRef | null;
  address: { id: string; line: string } | null;
  dueAt: string;
  overdue: boolean;
  escalatedTo: UnitRef | null;
  assignedTo: { id: string; displayName: string } | null;
  result: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
  doneAt: string | null;
  campaign: { id: string; name: string } | null;
  observation: { id: string; endAt: string; reports: Array<{ slot: string; temperature: number; at: string; source: string }> } | null;
}

export interface TaskEventView {
  id: string;
  kind: string;
  at: string;
  result: string | null;
  temperature: number | null;
  note: string | null;
  by: string | null;
}

export interface HouseholdView {
  id: string;
  orgUnit: UnitRef;
  kind: string;
  address: string;
  members: Array<{ person: MaskedPersonRef; relation: string; source: string }>;
  openTasks: number;
}

export interface Progress {
  total: number;
  open: number;
  done: number;
  overdue: number;
  escalated: number;
  percentDone: number;
  byKind: Record<string, { total: number; done: number; overdue: number }>;
}

/** A screening campaign; percentDone in percent (one decimal). */
export interface CampaignView {
  id: string;
  name: string;
  units: UnitRef[];
  dueAt: string;
  status: string;
  total: number;
  done: number;
  overdue: number;
  percentDone: number;
  results: Record<string, number>;
}

export interface GridCompleteness {
  orgUnit: UnitRef;
  total: number;
  done: number;
  overdue: number;
  percentDone: number;
}
