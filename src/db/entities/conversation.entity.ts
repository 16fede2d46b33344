import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** JSONB columns are `unknown` here: they are read through their zod schemas in src/db/json, never cast. */
@Entity({ name: 'conversations' })
@Index('conversations_customer_created_idx', ['customerId', 'createdAt'])
@Index('conversations_status_idx', ['status'])
export class ConversationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 64 })
  customerId: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 16, default: 'web' })
  channel: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  tier: string | null;

  @Column({ name: 'page_context', type: 'jsonb', default: () => "'{}'" })
  pageContext: unknown;

  /** Context gathered before the first AI answer (customer, previous conversations, ...). */
  @Column({ type: 'jsonb', nullable: true })
  context: unknown;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  /** Highest message seq handed out; the row lock on it serialises message numbering. */
  @Column({ name: 'last_seq', type: 'int', default: 0 })
  lastSeq: number;

  @Column({ type: 'jsonb', nullable: true })
  escalation: unknown;

  @Column({ type: 'jsonb', nullable: true })
  handoff: unknown;

  @Column({ type: 'jsonb', nullable: true })
  sla: unknown;

  @Column({ name: 'assignee_id', type: 'varchar', length: 64, nullable: true })
  assigneeId: string | null;

  /** Who may take it from the queue now: agent tiers, and ONCALL once paged. */
  @Column({ name: 'queue_pool', type: 'text', array: true, default: () => "'{}'" })
  queuePool: string[];

  @Column({ name: 'skills_wanted', type: 'text', array: true, default: () => "'{}'" })
  skillsWanted: string[];

  @Column({ name: 'preferred_agent_id', type: 'varchar', length: 64, nullable: true })
  preferredAgentId: string | null;

  @Column({ name: 'sla_deadline', type: 'timestamptz', nullable: true })
  slaDeadline: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'varchar', length: 16, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'jsonb', nullable: true })
  resolution: unknown;

  @Column({ type: 'int', default: 0 })
  priority: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
