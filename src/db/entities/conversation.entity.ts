import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PageContext } from '../../../workflows/conversation/conversation.types';

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
  pageContext: PageContext;

  /** Context gathered before the first AI answer (customer, previous conversations, ...). */
  @Column({ type: 'jsonb', nullable: true })
  context: Record<string, unknown> | null;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  /** Highest message seq handed out; the row lock on it serialises message numbering. */
  @Column({ name: 'last_seq', type: 'int', default: 0 })
  lastSeq: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
