import type { DataSource } from 'typeorm';
import { internalNoteProblem } from '../../domain/conversation-rules';
import type { Principal } from '../auth/jwt';
import { AgentEntity } from '../db/entities';
import { AppError, badInput, ErrorCode, forbidden } from '../errors';
import type { ConversationGateway } from '../temporal/conversation-gateway';
import { requireStaff } from './agents.service';
import type { ConversationsService } from './conversations.service';
import { isUuid } from './ids';

export interface InternalNote {
  id: string;
  conversationId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
}

type NoteRow = {
  id: string;
  conversation_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
};
const SELECT = 'SELECT id, conversation_id, author_id, author_name, body, created_at FROM conversation_notes';
const toNote = (r: NoteRow): InternalNote => ({
  id: r.id,
  conversationId: r.conversation_id,
  authorId: r.author_id,
  authorName: r.author_name,
  body: r.body,
  createdAt: r.created_at,
});

/**
 * Internal notes: staff write them through the conversation workflow (so the note is part of its durable record)
 * and read them beside the transcript; customers never reach them, and the AI never reads them.
 */
export class NotesService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: ConversationGateway,
    private readonly conversations: ConversationsService,
  ) {}

  async add(
    principal: Principal,
    input: { conversationId: string; body: string; clientNoteId: string },
  ): Promise<InternalNote> {
    requireStaff(principal);
    const problem = internalNoteProblem(input);
    if (problem) throw badInput(problem);
    const authorName = await this.authorName(principal);
    const c = await this.conversations.getConversation(principal, input.conversationId);
    const stored = await this.temporal.addInternalNote({
      conversationId: c.id,
      authorId: principal.sub,
      authorName,
      clientNoteId: input.clientNoteId,
      body: input.body,
    });
    const note = await this.byId(stored.noteId);
    if (!note) throw new AppError(ErrorCode.INTERNAL, 'stored note could not be read back');
    return note;
  }

  async byId(id: string): Promise<InternalNote | null> {
    if (!isUuid(id)) return null;
    const rows: NoteRow[] = await this.ds.query(`${SELECT} WHERE id = $1`, [id]);
    return rows[0] ? toNote(rows[0]) : null;
  }

  /** Every note of these conversations, oldest first (one read for a page of conversations). */
  async byConversationIds(ids: readonly string[]): Promise<InternalNote[][]> {
    const valid = ids.filter(isUuid);
    const rows: NoteRow[] = valid.length
      ? await this.ds.query(`${SELECT} WHERE conversation_id = ANY($1) ORDER BY created_at, id`, [valid])
      : [];
    const by = new Map<string, InternalNote[]>();
    for (const r of rows) by.set(r.conversation_id, [...(by.get(r.conversation_id) ?? []), toNote(r)]);
    return ids.map((id) => by.get(id) ?? []);
  }

  private async authorName(p: Principal): Promise<string> {
    if (p.role === 'admin') return p.name ?? p.sub;
    const agent = await this.ds.getRepository(AgentEntity).findOneBy({ id: p.sub });
    if (!agent) throw forbidden('this token names no known agent');
    return agent.name;
  }
}
