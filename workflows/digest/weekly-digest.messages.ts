/** Shared by the workflow and the client side that schedules it. */
export const WEEKLY_DIGEST_SCHEDULE_ID = 'weekly-review-digest';
export const WEEKLY_DIGEST_WORKFLOW_TYPE = 'weeklyDigestWorkflow';

export interface WeeklyDigestInput {
  /** How far back the digest looks from the moment it runs (default 7 days). */
  lookbackDays?: number;
}
