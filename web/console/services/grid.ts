// Grid operations (issue 8) as the console uses them: progress per unit with drill-down, a unit's tasks (ad-hoc
// ones given and cancelled here), screening campaigns and their completeness per grid, and who holds which post.
// The task and progress types are the server's own (src/modules/grid/types.ts holds types and constants only).
import { api, request } from '../../shared/api.ts';
import type { CampaignView, GridCompleteness, GridPost, HouseholdView, Progress, TaskEventView, TaskView, UnitRef } from '../../../src/modules/grid/types.ts';

export { GRID_POSTS, TASK_KINDS } from '../../../src/modules/grid/types.ts';
export type { GridCompleteness, GridPost, HouseholdView, Progress, TaskEventView, TaskKind, TaskView, UnitRef } from '../../../src/modules/grid/types.ts';

/** One task with what was recorded on it (GET /grid/tasks/:id); person and address masked unless revealed. */
export type TaskDetail = TaskView & { events: TaskEventView[] };


export type UnitProgress = UnitRef & Progress & { childCount: number };

export interface ProgressAnswer {
  /** null: the top of the caller's scope (its root units are the children) */
  unit: UnitRef | null;
  total: Progress;
  children: UnitProgress[];
}

export interface TaskQuery {
  view?: 'mine' | 'unit' | 'escalated';
  orgId?: string;
  status?: 'open' | 'done' | 'all';
  kind?: string;
  due?: 'today' | 'overdue';
  /** a person's tasks (the person page) */
  personId?: string;
  limit?: number;
  offset?: number;
}

export interface AdHocTask {
  title: string;
  orgCode?: string;
  personId?: string;
  dueAt: string;
  assignee?: string;
  note?: string;
}

export type Campaign = CampaignView;

export type CampaignDetail = Campaign & { grids: GridCompleteness[] };

export interface PostHolder {
  user: { id: string; username: string; displayName: string };
  orgUnit: UnitRef;
  post: string;
}

export interface PostChange {
  username: string;
  orgCode: string;
  post: GridPost;
}

const base = '/api/v1/grid';
const one = (kind: string, id: string) => `${base}/${kind}/${encodeURIComponent(id)}`;

export function getProgress(orgId?: string): Promise<ProgressAnswer> {
  return api.get<ProgressAnswer>(`${base}/progress`, { orgId });
}

/** A unit's progress by its code (the `?org=` of a group-chat link). */
export function getProgressByCode(orgCode: string): Promise<ProgressAnswer> {
  return api.get<ProgressAnswer>(`${base}/progress`, { orgCode });
}

export function getTask(id: string): Promise<TaskDetail> {
  return api.get<TaskDetail>(one('tasks', id));
}

/** The task's person and address in clear; the purpose goes to the audit log. */
export function revealTask(id: string, purpose: string): Promise<TaskDetail> {
  return api.post<TaskDetail>(`${one('tasks', id)}/reveal`, { purpose });
}

/** The households a person belongs to, in the caller's scope (addresses masked). */
export async function personHouseholds(personId: string): Promise<HouseholdView[]> {
  return (await api.get<{ items: HouseholdView[] }>(`${base}/households`, { personId, limit: 50 })).items;
}

export function listTasks(q: TaskQuery): Promise<{ items: TaskView[]; total: number }> {
  return api.get(`${base}/tasks`, { ...q });
}

export function createTask(body: AdHocTask): Promise<TaskView> {
  return api.post<TaskView>(`${base}/tasks`, body);
}

export function cancelTask(id: string): Promise<TaskView> {
  return api.patch<TaskView>(one('tasks', id), { status: 'cancelled' });
}

export async function listCampaigns(): Promise<Campaign[]> {
  return (await api.get<{ items: Campaign[] }>(`${base}/campaigns`)).items;
}

export function getCampaign(id: string): Promise<CampaignDetail> {
  return api.get<CampaignDetail>(one('campaigns', id));
}

export function createCampaign(body: { name: string; orgCodes: string[]; dueAt: string }): Promise<CampaignDetail> {
  return api.post<CampaignDetail>(`${base}/campaigns`, body);
}

export async function listPosts(orgId?: string): Promise<PostHolder[]> {
  return (await api.get<{ items: PostHolder[] }>(`${base}/posts`, { orgId })).items;
}

export function addPost(body: PostChange): Promise<PostHolder> {
  return api.post<PostHolder>(`${base}/posts`, body);
}

export function removePost(body: PostChange): Promise<void> {
  return request<void>('DELETE', `${base}/posts`, { body });
}
