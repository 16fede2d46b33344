import type { NoteStore } from '../../src/services/note-store';
import type { AddInternalNoteInput, StoredNote } from '../../workflows/conversation/conversation.messages';

export function createNoteActivities(notes: NoteStore) {
  return {
    /** Stores a staff member's internal note once (keyed on its clientNoteId) and publishes it to staff. */
    async recordInternalNote(input: AddInternalNoteInput & { conversationId: string }): Promise<StoredNote> {
      return notes.recordInternalNote(input);
    },
  };
}
