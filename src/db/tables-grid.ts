// Table types of grid operations (migration 0009): posts, addresses and households, task events, home observations
// and their temperature reports, screening campaigns.

export interface GridPostTable {
  userId: string;
  orgUnitId: string;
  post: string; // GridPost
  createdAt: number;
}

export interface AddressTable {
  id: string;
  orgUnitId: string;
  orgPath: string;
  kind: string; // 'residence' | 'workplace'
  lineEnc: string;
  addressBidx: string;
  source: string; // 'import' | 'floating' | 'manual'
  createdAt: number;
  updatedAt: number;
}

export interface HouseholdMemberTable {
  addressId: string;
  personId: string;
  relation: string;
  source: string;
  sinceAt: number;
  createdAt: number;
}

export interface TaskEventTable {
  id: string;
  taskId: string;
  clientId: string;
  kind: string; // 'visit' | 'temperature' | 'done' | 'note' | 'cancel'
  at: number;
  receivedAt: number;
  byUser: string | null;
  result: string | null;
  temperature: number | null;
  noteEnc: string | null;
  orgPath: string;
}

export interface ObservationTable {
  id: string;
  personId: string;
  taskId: string;
  orgUnitId: string;
  orgPath: string;
  startAt: number;
  endAt: number;
  status: string; // 'active' | 'ended'
  tokenVersion: number;
  createdBy: string | null;
  createdAt: number;
  endedAt: number | null;
}

export interface TemperatureReportTable {
  id: string;
  observationId: string;
  slot: string;
  at: number;
  temperature: number;
  symptoms: string | null;
  source: string; // 'self' | 'worker'
  byUser: string | null;
  clientId: string;
  orgPath: string;
  createdAt: number;
}

export interface CampaignTable {
  id: string;
  name: string;
  orgUnitIds: string; // JSON array
  orgPath: string;
  status: string; // 'active' | 'closed'
  dueAt: number;
  createdBy: string | null;
  createdAt: number;
}
