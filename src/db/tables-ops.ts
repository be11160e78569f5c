// Tables of running the platform at scale (issue 9): scheduled runs done once per period.

export interface JobRunTable {
  name: string;
  /** the period the run was for: a China-time day ('2026-11-29'), or any key the job chooses */
  period: string;
  startedAt: number;
  finishedAt: number;
  instance: string;
  outcome: string | null;
}

/** requests counted per key and fixed window, summed over the instances (http/shared-rate-store.ts) */
export interface RateCounterTable {
  key: string;
  /** epoch ms where the window begins */
  windowStart: number;
  count: number;
}

/** a submission's idempotency key and what its resends are answered (apart from the partitioned check-ins) */
export interface CheckinKeyTable {
  idemKey: string;
  /** the submitter's row */
  checkinId: string;
  groupId: string;
  /** JSON array: the flags stored with the submitter's row */
  flags: string;
  /** the check-in's time: keys are purged with the check-ins */
  at: number;
}

/** an uploaded list file, sealed in chunks of about 1 MiB (modules/imports/upload-store.ts) */
export interface UploadChunkTable {
  importId: string;
  seq: number;
  /** FieldCipher.encryptBytes with the context `upload:<importId>:<seq>` */
  data: Buffer;
}
