import type { DataSource } from 'typeorm';
import type { ConversationEvent } from '../../domain/events';
import type { AddInternalNoteInput, StoredNote } from '../../workflows/conversation/conversation.messages';
import { encodeEvent, EVENTS_CHANNEL } from '../events/channel';

/**
 * Internal notes, written for the conversation workflow: the note, its audit event and the NOTIFY that publishes it
 * to staff, in one transaction; keyed on (conversation, clientNoteId), so a retried activity stores it once.
 */
export class NoteStore {
  constructor(private readonly ds: DataSource) {}

  async recordInternalNote(input: AddInternalNoteInput & { conversationId: string }): Promise<StoredNote> {
    return this.ds.transaction(async (m) => {
      const inserted: Array<{ id: string; created_at: Date }> = await m.query(
        `INSERT INTO conversation_notes (conversation_id, author_id, author_name, body, client_note_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (conversation_id, client_note_id) DO NOTHING RETURNING id, created_at`,
        [input.conversationId, input.authorId, input.authorName, input.body, input.clientNoteId],
      );
      if (inserted.length === 0) {
        const [row]: Array<{ id: string; created_at: Date }> = await m.query(
          'SELECT id, created_at FROM conversation_notes WHERE conversation_id = $1 AND client_note_id = $2',
          [input.conversationId, input.clientNoteId],
        );
        return { noteId: row.id, createdAt: row.created_at.toISOString(), created: false };
      }
      const { id, created_at } = inserted[0];
      const event: ConversationEvent = { kind: 'internal_note_added', data: { noteId: id, authorId: input.authorId } };
      await m.query(
        `INSERT INTO conversation_events (conversation_id, kind, data, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id, dedupe_key) DO NOTHING`,
        [input.conversationId, event.kind, JSON.stringify(event.data), `note-${input.clientNoteId}`],
      );
      await m.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        encodeEvent({ kind: 'note', conversationId: input.conversationId, noteId: id }),
      ]);
      return { noteId: id, createdAt: created_at.toISOString(), created: true };
    });
  }
}
