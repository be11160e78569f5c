// What contact tracing answers (issue 7), shared by the API, the CLI and the console (which imports this file).
// Times are ISO strings; scores are 0-100. No personal value appears here except masked ones, and `idNumber` only
// on the audited reveal path.

/** How two people were exposed to each other; the order is the order of their weight. */
export const EXPOSURE_KINDS = ['household', 'companion', 'vehicle', 'floating_address', 'community_building', 'community_presence', 'checkpoint_passage'] as const;
export type ExposureKind = (typeof EXPOSURE_KINDS)[number];

/** One exposure: where, when each side was there, how, and what it adds to the score. */
export interface Evidence {
  how: ExposureKind;
  /** node of the person the contact was exposed to: the case's node, or a contact's for the second degree */
  from: string;
  /** site code and name; null for a household found by the registered address alone */
  site: string | null;
  siteName: string | null;
  /** [from, to] of each side's presence: the source's (case or contact it was reached from) and the contact's; a passage is [t, t] */
  times: { source: [string, string]; contact: [string, string] };
  /** presence: minutes of overlap; passages: minutes between them; stays and households: overlapping days × 1440 */
  minutes: number;
  /** the chance this exposure alone stands for, 0-1 (see score.ts) */
  weight: number;
}

export interface PersonRef {
  /** masked */
  name: string | null;
  idNumber: string | null;
  phone: string | null;
}

export interface OrgRef {
  code: string;
  name: string;
}

export interface Contact {
  /** the contact within the trace: 'p:' + person id, or 'c:' + check-in id for someone registered without a document */
  node: string;
  personId: string | null;
  degree: number;
  score: number;
  /** kinds of its evidence, strongest first */
  kinds: ExposureKind[];
  /** nodes it was reached from (the case's node for the first degree) */
  via: string[];
  firstAt: string;
  lastAt: string;
  /** masked; null when the contact is routed to a unit outside the caller's scope */
  person: PersonRef | null;
  /** the unit responsible for the contact (where they live, else where they were exposed) */
  orgUnit: OrgRef | null;
  /** set instead of person and evidence when that unit is outside the caller's scope */
  routedTo: OrgRef | null;
  /** categories and lists the contact is on now (confirmed, suspected, ...) */
  categories: string[];
  /** [] when routed */
  evidence: Evidence[];
  /** clear, only on the reveal path (audited) */
  idNumber?: string | null;
}

/** Contacts who share an exposure event (one site, one day): highlighted together in the graph. */
export interface Cluster {
  id: string;
  site: string | null;
  siteName: string | null;
  day: string;
  nodes: string[];
}

export interface TraceParams {
  /** default tolerance between passages, minutes (a site's own setting wins) */
  toleranceMinutes: number;
  /** site code -> tolerance in minutes, for the sites that have their own */
  siteTolerances: Record<string, number>;
  /** a contact is traced further (next degree) only from this score up */
  expandFromScore: number;
  /** longest stay assumed in a compound after an entry without an exit, hours */
  maxStayHours: number;
}

export interface TraceView {
  id: string;
  status: 'draft' | 'accepted';
  case: { node: string; personId: string; person: PersonRef; category: string | null; categoryDate: string | null; orgUnit: OrgRef | null };
  window: { from: string; to: string };
  depth: number;
  params: TraceParams;
  contacts: Contact[];
  clusters: Cluster[];
  counts: { contacts: number; byDegree: Record<string, number>; routed: number };
  purpose: string;
  createdAt: string;
  /** display names of who ran and who accepted it */
  createdBy: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  accepted: AcceptResult | null;
}

export interface TraceSummary {
  id: string;
  status: 'draft' | 'accepted';
  case: { personId: string; person: PersonRef; category: string | null };
  window: { from: string; to: string };
  depth: number;
  contacts: number;
  createdAt: string;
  createdBy: string | null;
}

export interface AcceptResult {
  /** contacts put on a close-contact list (new entries) */
  listed: number;
  /** already on one from this case */
  alreadyListed: number;
  /** follow-up tasks created */
  tasks: number;
  /** contacts handed to units outside the caller's scope */
  routed: number;
  /** the units they were routed to, with how many each */
  routedTo: (OrgRef & { contacts: number })[];
}

export interface TraceRequest {
  /** the case: a person id, or an ID number (looked up through the blind index) */
  personId?: string;
  idNumber?: string;
  /** the case's category; default: the category the case is on, else 'confirmed' */
  category?: string;
  /** default: 14 days before onset or confirmation (the category's date), to isolation (the day it was listed) */
  from?: string;
  to?: string;
  /** 1-3, default 2 */
  depth?: number;
  toleranceMinutes?: number;
  purpose: string;
}

/** A trace a person appears in, as the person's page lists it. */
export interface PersonTraceLink {
  traceId: string;
  /** 'case': traced from this person; 'contact': found as someone's contact */
  role: 'case' | 'contact';
  status: 'draft' | 'accepted';
  /** the case traced (masked) */
  case: { personId: string; name: string | null };
  degree: number | null;
  score: number | null;
  contacts: number;
  createdAt: string;
}
