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
