// Table types as the application sees them (CamelCasePlugin maps them to snake_case columns).
// Times are epoch milliseconds; see normalize.ts.
import type { Generated } from 'kysely';

export interface MetaTable {
  key: string;
  value: string;
}

export interface OrgUnitTable {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  /** Materialised path of ids, "/root/child/", so a scope is one prefix match. */
  path: string;
  depth: number;
  createdAt: number;
  updatedAt: number;
}

export interface UserTable {
  id: string;
  username: string;
  displayName: string;
  role: string;
  passwordHash: string;
  phoneEnc: string | null;
  phoneBidx: string | null;
  disabled: boolean;
  failedCount: number;
  firstFailedAt: number | null;
  lockedUntil: number | null;
  totpSecretEnc: string | null;
  totpEnabled: boolean;
  /** the 30-second step of the last one-time code accepted; older and equal steps are refused */
  totpLastStep: number | null;
  lastLoginAt: number | null;
  /** Sessions created before this time are void: revocation, disabling and password changes set it. */
  sessionsRevokedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface UserScopeTable {
  userId: string;
  orgUnitId: string;
}

export interface SessionTable {
  id: string; // keyed hash of the cookie value; the value itself is never stored
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
  ip: string | null;
  userAgent: string | null;
}

export interface ApiTokenTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: number;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  purpose: string | null;
  ip: string | null;
  orgPath: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface Tables {
  meta: MetaTable;
  orgUnits: OrgUnitTable;
  users: UserTable;
  userScopes: UserScopeTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable;
  auditLog: AuditLogTable;
  auditHead: AuditHeadTable;
}
