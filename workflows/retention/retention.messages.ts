/** Shared by the retention workflow and the client side that schedules it. */
export const RETENTION_SCHEDULE_ID = 'closed-conversation-retention';
export const RETENTION_WORKFLOW_TYPE = 'retentionSweepWorkflow';

export interface RetentionSweepInput {
  /** Closed conversations last touched longer ago than this are erased. */
  olderThanDays: number;
}

export interface RetentionSweepResult {
  conversations: number;
  messages: number;
}
