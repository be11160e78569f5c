// The grid worker's calls to the API (/api/v1/grid/*, see the spec of grid operations) and the shapes of their
// answers. People and addresses arrive masked; a task in clear only through reveal, with a purpose (audited).
import { api } from '../shared/api.ts';
import type { OrgLevel } from '../shared/types.ts';

import { EVENT_KINDS, GRID_POSTS, SCREENING_RESULTS, TASK_KINDS, VISIT_RESULTS, type GridPost, type TaskKind, type TaskStatus } from '../../src/modules/grid/types.ts';

// the server's own lists (src/modules/grid/types.ts holds types and constants only)
export { GRID_POSTS, SCREENING_RESULTS, TASK_KINDS, VISIT_RESULTS, type GridPost, type TaskKind, type TaskStatus };
export type VisitResult = (typeof VISIT_RESULTS)[number];
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];
export type TaskResult = VisitResult | ScreeningResult;

/** The kinds of record a worker makes on the phone (POST /grid/sync). */
export const RECORD_KINDS = EVENT_KINDS;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The temperatures the server accepts, from a worker as from a self-report (observation-report.ts). */
export const TEMPERATURE_MIN = 35;
export const TEMPERATURE_MAX = 42;

export interface GridUnit {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
}

/** A person as lists give it: every value masked (张*, 1501**********1234, 139****5678). */
export interface MaskedPerson {
  id: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
}

export interface TemperatureReading {
  slot: string;
  temperature: number;
  at: string;
  source: 'self' | 'worker';
}

export interface GridTask {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  title: string | null;
  orgUnit: GridUnit;
  person: MaskedPerson | null;
  address: { id?: string; line: string } | string | null;
  dueAt: string;
  overdue: boolean;
  escalatedTo: GridUnit | null;
  assignedTo: { id: string; displayName: string } | null;
  result: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
  doneAt: string | null;
  campaign: { id: string; name: string } | null;
  observation: { id: string; endAt: string; reports: TemperatureReading[] } | null;
}

export interface TaskEvent {
  id: string;
  kind: RecordKind | 'cancel';
  at: string;
  result: string | null;
  temperature: number | null;
  by: string | { id?: string; displayName?: string } | null;
}

export type TaskDetail = GridTask & { events: TaskEvent[] };

export interface HouseholdMember {
  person: MaskedPerson;
  relation: string;
  source: string;
}

export interface Household {
  id: string;
  orgUnit: GridUnit;
  kind: 'residence' | 'workplace';
  address: { line: string } | string;
  members: HouseholdMember[];
  openTasks: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** One record as sent: made on the phone with its clientId before the first attempt (idempotent on the server). */
export interface SyncEvent {
  clientId: string;
  taskId: string;
  kind: RecordKind;
  at: string;
  result?: TaskResult;
  temperature?: number;
  note?: string;
}

export interface SyncResult {
  clientId: string;
  status: 'created' | 'duplicate' | 'refused';
  error?: string | { code?: string; message?: string };
  task?: GridTask;
}

/** The most records one POST /grid/sync takes. */
export const SYNC_BATCH = 200;

/** The line of an address whatever shape the answer gave it (a string, or an object with the line). */
export function addressLine(address: GridTask['address'] | Household['address'] | null | undefined): string {
  if (!address) return '';
  return typeof address === 'string' ? address : (address.line ?? '');
}

/** Who recorded an event, as a display name. */
export function byName(by: TaskEvent['by']): string {
  if (!by) return '';
  return typeof by === 'string' ? by : (by.displayName ?? '');
}

/** The message of a refused record, whatever shape the server gave it. */
export function refusalText(error: SyncResult['error']): string {
  if (!error) return '';
  return typeof error === 'string' ? error : (error.message ?? error.code ?? '');
}

/** The results a task is closed with: a screening's own, the visit results for the others. */
export function doneResults(kind: TaskKind): readonly TaskResult[] {
  return kind === 'screening' ? SCREENING_RESULTS : VISIT_RESULTS;
}

export function myPosts(): Promise<{ posts: { orgUnit: GridUnit; post: GridPost }[] }> {
  return api.get('/api/v1/grid/me');
}

export function myTasks(query: { status?: 'open' | 'done' | 'all'; due?: 'today' | 'overdue'; limit?: number }): Promise<Page<GridTask>> {
  return api.get('/api/v1/grid/tasks', { view: 'mine', limit: 200, ...query });
}

export function getTask(id: string): Promise<TaskDetail> {
  return api.get(`/api/v1/grid/tasks/${encodeURIComponent(id)}`);
}

export function revealTask(id: string, purpose: string): Promise<GridTask> {
  return api.post(`/api/v1/grid/tasks/${encodeURIComponent(id)}/reveal`, { purpose });
}

export function myHouseholds(query: { q?: string; limit?: number; offset?: number } = {}): Promise<Page<Household>> {
  return api.get('/api/v1/grid/households', { limit: 100, ...query });
}

export function syncRecords(events: SyncEvent[]): Promise<{ results: SyncResult[] }> {
  return api.post('/api/v1/grid/sync', { events });
}

/** A random v4 UUID: crypto.randomUUID where the page is a secure context, else built from getRandomValues. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A due or done time as a worker reads it: the time of day for today, the date too for other days. */
export function dayTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const tag = locale === 'zh' ? 'zh-CN' : 'en-GB';
  const time = date.toLocaleTimeString(tag, { hour12: false, hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString(tag, { month: 'numeric', day: 'numeric' })} ${time}`;
}

/** A temperature slot, 'YYYY-MM-DD/am', as 11/29 上午 (halfName names am and pm in the page's language). */
export function slotText(slot: string, halfName: (half: 'am' | 'pm') => string): string {
  const [day, half] = slot.split('/');
  const [, month, date] = (day ?? '').split('-').map(Number);
  const name = half === 'am' || half === 'pm' ? halfName(half) : (half ?? '');
  return month && date ? `${month}/${date} ${name}` : slot;
}

/** The slot a missed-report task is about, as its detail names it. */
export const missedSlot = (task: { kind: string; detail: Record<string, unknown> }): string | null =>
  task.kind === 'missed_report' && typeof task.detail?.slot === 'string' ? task.detail.slot : null;
