import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** The audit trail: every state change of a conversation, in order. */
@Entity({ name: 'conversation_events' })
@Index('conversation_events_conversation_idx', ['conversationId', 'id'])
@Index('conversation_events_kind_created_idx', ['kind', 'createdAt'])
@Unique('conversation_events_dedupe_key', ['conversationId', 'dedupeKey'])
export class ConversationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  /** The payload of its kind (domain/events.ts): read through src/db/events, which parses it. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: unknown;

  /** Natural key for idempotent writes from retried activities. */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
