// Home observation (居家观察) as the person page uses it: start one (a home_observation task for the person's grid
// and a personal link to hand them as a QR code), read the person's observations with their reports and missed
// slots, and replace the link (the old one stops working). The shapes mirror src/modules/grid/observation-schema.ts.
import { api } from '../../shared/api.ts';
import type { TaskView } from '../../../src/modules/grid/types.ts';

export const DEFAULT_DAYS = 14;
export const MAX_DAYS = 30;

export interface TemperatureReport {
  /** YYYY-MM-DD/am or YYYY-MM-DD/pm (China time) */
  slot: string;
  temperature: number;
  symptoms: string[];
  at: string;
  source: string;
  /** fever or symptoms */
  flagged: boolean;
}

export interface Observation {
  id: string;
  status: string;
  person: { id: string; name: string | null; idNumber: string | null; phone: string | null } | null;
  orgUnit: { id: string; code: string; name: string; level: string } | null;
  taskId: string;
  startAt: string;
  endAt: string;
  days: number;
  day: number | null;
  reports: TemperatureReport[];
  missed: string[];
  createdAt: string;
  endedAt: string | null;
}

export interface Started {
  observation: Observation;
  task: TaskView;
  link: string;
}

const base = '/api/v1/grid/observations';

export function startObservation(personId: string, days: number): Promise<Started> {
  return api.post<Started>(base, { personId, days });
}

/** The person's observations in the caller's scope, newest first. */
export async function personObservations(personId: string): Promise<Observation[]> {
  return (await api.get<{ items: Observation[] }>(base, { personId })).items;
}

/** A new personal link; the old one is refused from now on. */
export function replaceLink(id: string): Promise<{ observation: Observation; link: string }> {
  return api.post<{ observation: Observation; link: string }>(`${base}/${encodeURIComponent(id)}/link`, {});
}
