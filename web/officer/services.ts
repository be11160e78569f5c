// The officer app's calls to the API (through web/shared/api.ts: session cookie, CSRF header) and the shapes of
// their answers. Personal fields arrive masked unless a call says otherwise (reveal, audited with its purpose).
import { api } from '../shared/api.ts';

export const DECISIONS = ['pass', 'hold', 'refer'] as const;
export type DecisionKind = (typeof DECISIONS)[number];
export type DecisionVia = 'feed' | 'scan' | 'lookup';

export const SITE_KINDS = ['checkpoint', 'community', 'floating', 'station'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export interface Site {
  code: string;
  name: string;
  kind: SiteKind;
  orgUnit: { name: string };
  url: string;
  disabled?: boolean;
}

/** A decision as the pages show it: who took it is a display name, whatever shape the answer had. */
export interface DecisionInfo {
  id: string | null;
  checkinId: string | null;
  decision: DecisionKind;
  at: string;
  by: string;
  via: string | null;
  note: string | null;
}

type By = string | { id?: string; displayName?: string; name?: string } | null | undefined;
interface RawDecision {
  id?: string;
  checkinId?: string;
  decision: DecisionKind;
  at: string | number;
  by?: By;
  via?: string;
  note?: string | null;
}

export function toDecision(d: RawDecision | null | undefined): DecisionInfo | null {
  if (!d || !DECISIONS.includes(d.decision)) return null;
  const by = typeof d.by === 'string' ? d.by : (d.by?.displayName ?? d.by?.name ?? '');
  return {
    id: d.id ?? null,
    checkinId: d.checkinId ?? null,
    decision: d.decision,
    at: typeof d.at === 'number' ? new Date(d.at).toISOString() : d.at,
    by,
    via: d.via ?? null,
    note: d.note ?? null,
  };
}

/** One person of a check-in, as GET /checkins, look-ups and pass scans give it (masked). */
export interface CheckinItem {
  id: string;
  groupId: string;
  at: string;
  site: { code: string; name: string };
  kind: SiteKind;
  direction: string;
  role: string;
  relation: string | null;
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  plate: string | null;
  temperature: number | null;
  symptoms: string[];
  origin: string | null;
  destination: string | null;
  flags: string[];
  enteredBy: string | null;
  enteredByName?: string | null;
  decision?: RawDecision | null;
}

export type RevealedCheckin = CheckinItem & { details: Record<string, unknown> | null };

export interface ListMembership {
  list: string;
  category?: string | null;
  since?: string | null;
}

export interface ScanResult {
  checkin: CheckinItem;
  companions: CheckinItem[];
  latest: CheckinItem | null;
  lists: ListMembership[];
  decisions: DecisionInfo[];
}

export interface SiteSummary {
  site: { code: string; name: string; kind?: string };
  from: string;
  to: string;
  in: number;
  out: number;
  people: number;
  flagged: number;
  decisions: Record<DecisionKind, number>;
  busiestHour: { hour: string; count: number } | null;
  hours: { hour: string; count: number }[];
}

export type LookupBy = 'idNumber' | 'phone' | 'plate';

export async function listSites(): Promise<Site[]> {
  const { items } = await api.get<{ items: Site[] }>('/api/v1/sites', { limit: 200 });
  return items.filter((s) => !s.disabled);
}

/** The token a check-in body needs: the last path segment of the site's QR address. */
export function siteToken(site: Site): string {
  const last = new URL(site.url, location.origin).pathname.split('/').filter(Boolean).pop() ?? '';
  return decodeURIComponent(last);
}

export function listCheckins(site: string | null, limit = 50): Promise<{ items: CheckinItem[]; nextBefore: string | null }> {
  return api.get('/api/v1/checkins', { site, limit });
}

export function revealCheckin(id: string, purpose: string): Promise<RevealedCheckin> {
  return api.post(`/api/v1/checkins/${encodeURIComponent(id)}/reveal`, { purpose });
}

export async function decide(checkinId: string, decision: DecisionKind, via: DecisionVia, note?: string): Promise<DecisionInfo> {
  const raw = await api.post<RawDecision>(`/api/v1/checkins/${encodeURIComponent(checkinId)}/decisions`, { decision, via, ...(note ? { note } : {}) });
  return toDecision({ checkinId, ...raw })!;
}

export async function scanPass(token: string): Promise<ScanResult> {
  const raw = await api.post<Omit<ScanResult, 'decisions'> & { decisions?: RawDecision[] }>('/api/v1/passes/scan', { token });
  return { ...raw, lists: raw.lists ?? [], companions: raw.companions ?? [], decisions: (raw.decisions ?? []).map(toDecision).filter((d): d is DecisionInfo => d !== null) };
}

export async function lookup(by: LookupBy, value: string, purpose: string): Promise<CheckinItem[]> {
  const { items } = await api.post<{ items: CheckinItem[] }>('/api/v1/lookups', { by, value, purpose });
  return items;
}

export function siteSummary(code: string, range: { from?: string; to?: string } = {}): Promise<SiteSummary> {
  return api.get(`/api/v1/sites/${encodeURIComponent(code)}/summary`, range);
}
