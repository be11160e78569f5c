// Shapes of the API's JSON, as the pages use them (see the API contract of /api/v1).
export const ROLES = ['admin', 'commander', 'analyst', 'officer', 'grid_worker'] as const;
export type Role = (typeof ROLES)[number];

/** Org levels from the top down: region > city/league > county/banner/district > township > community > building > door. */
export const ORG_LEVELS = ['region', 'city', 'county', 'township', 'community', 'building', 'door'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export interface ScopeUnit {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopes: ScopeUnit[];
  totpEnabled: boolean;
  csrfToken: string;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export interface LoginResult {
  user: Me;
  csrfToken: string;
}

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  childCount: number;
}

export interface OrgUnitDetail {
  unit: OrgUnit;
  ancestors: OrgUnit[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopes: ScopeUnit[];
  phoneMasked: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  purpose: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: number | null;
  reason: string | null;
}

/** The next level down, for a new child unit; the door level has none below it. */
export function childLevel(level: OrgLevel): OrgLevel {
  const i = ORG_LEVELS.indexOf(level);
  return ORG_LEVELS[Math.min(i + 1, ORG_LEVELS.length - 1)];
}
