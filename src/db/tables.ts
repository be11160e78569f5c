// Table types as the application sees them (CamelCasePlugin maps them to snake_case columns).
// Times are epoch milliseconds; see normalize.ts.
import type { Generated } from 'kysely';
import type { TraceTable, TraceContactTable, TaskTable } from './tables-tracing.ts';
import type { GridPostTable, AddressTable, HouseholdMemberTable, TaskEventTable, ObservationTable, TemperatureReportTable, CampaignTable } from './tables-grid.ts';
import type { CheckinKeyTable, JobRunTable, RateCounterTable, UploadChunkTable } from './tables-ops.ts';
import type { RollupSiteHourTable, RollupSiteDayTable, RollupFlagDayTable, RollupOriginDayTable, RollupListDayTable, ReportTable, ReportFileTable } from './tables-analytics.ts';

export type * from './tables-analytics.ts';
export type * from './tables-tracing.ts';
export type * from './tables-grid.ts';
export type * from './tables-ops.ts';

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

export interface CheckinTable {
  id: string;
  groupId: string;
  siteId: string;
  orgPath: string;
  kind: string;
  direction: string;
  at: number;
  role: string; // 'self' | 'companion'
  relation: string | null;
  /** sealed JSON: { name, idNumber?, phone?, plate?, details? } */
  piiEnc: string;
  idType: string | null;
  idBidx: string | null;
  phoneBidx: string | null;
  plateBidx: string | null;
  plateType: string | null;
  vehicleRole: string | null;
  temperature: number | null;
  symptoms: string | null; // JSON array
  origin: string | null;
  destination: string | null;
  places14d: string | null; // JSON array
  purpose: string | null;
  flags: string; // JSON array
  lang: string | null;
  enteredBy: string | null;
  /** blind index of the room (community residents) or the address (floating arrivals): see place-keys.ts */
  dwellingBidx: string | null;
  /** blind index of a community resident's compound and building */
  buildingBidx: string | null;
}

export interface RiskAreaTable {
  id: string;
  code: string;
  level: string;
  validFrom: number;
  validTo: number | null;
  note: string | null;
  createdAt: number;
  createdBy: string | null;
}

export interface SiteTable {
  id: string;
  /** short public code, e.g. CP7K2Q; never changes */
  code: string;
  orgUnitId: string;
  kind: string; // 'checkpoint' | 'community' | 'floating' | 'station'
  name: string;
  /** generation of the signed tokens now issued; rotating increments it */
  tokenGeneration: number;
  /** the generation before the last rotation, accepted until previousValidUntil */
  previousGeneration: number | null;
  previousValidUntil: number | null;
  disabled: boolean;
  /** minutes between two passages that still count as an exposure when tracing; null: the default */
  traceToleranceMin: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface DecisionTable {
  id: string;
  checkinId: string;
  groupId: string;
  siteId: string;
  orgPath: string;
  decision: string; // 'pass' | 'hold' | 'refer'
  note: string | null;
  via: string; // 'feed' | 'scan' | 'lookup'
  at: number;
  byUser: string;
}

export interface WebhookTable {
  id: string;
  orgUnitId: string;
  orgPath: string;
  name: string;
  kind: string; // 'wecom' | 'dingtalk' | 'generic'
  urlEnc: string;
  secretEnc: string | null;
  events: string; // JSON array
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  createdBy: string | null;
}

export interface WebhookDeliveryTable {
  id: string;
  webhookId: string;
  orgPath: string;
  event: string;
  subjectId: string | null;
  payload: string;
  status: string; // 'pending' | 'retrying' | 'sent' | 'failed'
  attempts: number;
  nextAt: number | null;
  leaseUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

export interface PersonTable {
  id: string;
  idBidx: string | null;
  idType: string | null;
  /** sealed JSON: { name, idNumber?, phone?, birthDate?, gender?, address? } */
  piiEnc: string;
  phoneBidx: string | null;
  nameBidx: string | null;
  /** blind index of the registered address (imported lists): one household */
  addressBidx: string | null;
  source: string; // 'checkin' | 'import' | 'officer'
  mergedInto: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ListTable {
  id: string;
  name: string;
  kind: string; // ListKind
  orgUnitId: string;
  orgPath: string;
  watch: boolean;
  createdAt: number;
  createdBy: string | null;
}

export interface ListEntryTable {
  id: string;
  listId: string;
  personId: string;
  orgPath: string;
  rowKey: string;
  /** sealed JSON of the row's personal values as received */
  piiEnc: string;
  idBidx: string | null;
  phoneBidx: string | null;
  origin: string | null;
  listedAt: number | null;
  note: string | null;
  source: string; // 'import' | 'officer' | 'tracing'
  importId: string | null;
  rowNo: number | null;
  createdAt: number;
  endedAt: number | null;
  /** a close contact found by tracing: the case it was found from */
  sourcePersonId: string | null;
}

export interface ImportMappingTable {
  id: string;
  name: string;
  columns: string; // JSON { field: header }
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ImportTable {
  id: string;
  listId: string | null;
  orgPath: string;
  fileName: string;
  filePath: string | null;
  format: string; // 'csv' | 'xlsx'
  columns: string | null; // JSON { field: header }, set when started
  status: string; // 'uploaded' | 'queued' | 'running' | 'done' | 'failed'
  bytesTotal: number;
  bytesDone: number;
  rowsRead: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsRefused: number;
  personsCreated: number;
  candidates: number;
  checkinsLinked: number;
  /** 'list' | 'households' (migration 0010) */
  target: string;
  /** a household import: the addresses it added */
  addressesCreated: number;
  error: string | null;
  createdBy: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  heartbeatAt: number | null;
}

export interface ImportRefusalTable {
  importId: string;
  rowNo: number;
  columnName: string;
  reason: string;
}

export interface MergeCandidateTable {
  id: string;
  personA: string;
  personB: string;
  orgPath: string;
  score: number;
  reasons: string; // JSON array
  status: string; // 'open' | 'accepted' | 'rejected' | 'undone'
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
}

export interface PersonMergeTable {
  id: string;
  candidateId: string | null;
  keptId: string;
  mergedId: string;
  orgPath: string;
  at: number;
  byUser: string | null;
  undoneAt: number | null;
  undoneBy: string | null;
}

export interface WatchHitTable {
  checkinId: string;
  listId: string;
  entryId: string;
  personId: string;
  orgPath: string;
  at: number;
  found: string; // 'checkin' | 'import'
  createdAt: number;
}

export interface Tables {
  uploadChunks: UploadChunkTable;
  jobRuns: JobRunTable;
  checkinKeys: CheckinKeyTable;
  rateCounters: RateCounterTable;
  gridPosts: GridPostTable;
  addresses: AddressTable;
  householdMembers: HouseholdMemberTable;
  taskEvents: TaskEventTable;
  observations: ObservationTable;
  temperatureReports: TemperatureReportTable;
  campaigns: CampaignTable;
  traces: TraceTable;
  traceContacts: TraceContactTable;
  tasks: TaskTable;
  reportFiles: ReportFileTable;
  reports: ReportTable;
  rollupSiteHour: RollupSiteHourTable;
  rollupSiteDay: RollupSiteDayTable;
  rollupFlagDay: RollupFlagDayTable;
  rollupOriginDay: RollupOriginDayTable;
  rollupListDay: RollupListDayTable;
  persons: PersonTable;
  lists: ListTable;
  listEntries: ListEntryTable;
  importMappings: ImportMappingTable;
  imports: ImportTable;
  importRefusals: ImportRefusalTable;
  mergeCandidates: MergeCandidateTable;
  personMerges: PersonMergeTable;
  watchHits: WatchHitTable;
  decisions: DecisionTable;
  webhooks: WebhookTable;
  webhookDeliveries: WebhookDeliveryTable;
  checkins: CheckinTable;
  riskAreas: RiskAreaTable;
  meta: MetaTable;
  orgUnits: OrgUnitTable;
  sites: SiteTable;
  users: UserTable;
  userScopes: UserScopeTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable;
  auditLog: AuditLogTable;
  auditHead: AuditHeadTable;
}
