import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

@Entity({ name: 'messages' })
@Unique('messages_conversation_seq_key', ['conversationId', 'seq'])
@Unique('messages_conversation_client_id_key', ['conversationId', 'clientMessageId'])
@Index('messages_conversation_seq_idx', ['conversationId', 'seq'])
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ name: 'author_kind', type: 'varchar', length: 16 })
  authorKind: string;

  @Column({ name: 'author_id', type: 'varchar', length: 64, nullable: true })
  authorId: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'client_message_id', type: 'varchar', length: 128, nullable: true })
  clientMessageId: string | null;

  /** AI answer metadata: read through storedAiMeta (src/db/json). */
  @Column({ type: 'jsonb', nullable: true })
  ai: unknown;

  /** The page a customer message was sent from: read through storedMessagePage (src/db/json). */
  @Column({ name: 'page_context', type: 'jsonb', nullable: true })
  pageContext: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
