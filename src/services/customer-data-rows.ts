import type { SqlRunner } from '../crypto/data-keys';

/**
 * The SQL of exporting and erasing one customer's rows. Tables are named once here; any other table that points at
 * conversations or customers through a foreign key (added later) is found in the catalogue and erased too, so a new
 * table never blocks an erasure.
 */

/** Tables whose rows are a conversation's, and the column naming it. */
const CONVERSATION_TABLES = [
  'messages',
  'conversation_events',
  'conversation_ratings',
  'billing_actions',
  'conversation_notes',
  'reply_emails',
  'agent_notifications',
  'backtest_changes',
] as const;

export interface ErasedCounts {
  conversations: number;
  messages: number;
  events: number;
  knowledgeSuggestions: number;
}

async function referencingTables(sql: SqlRunner, target: string): Promise<{ table: string; column: string }[]> {
  const rows = await sql.query(
    `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column"
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND c.confrelid = $1::regclass AND array_length(c.conkey, 1) = 1`,
    [target],
  );
  return rows as { table: string; column: string }[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Learning-loop drafts that quote these conversations (the question and draft are the customer's words). */
export async function suggestionsQuoting(sql: SqlRunner, conversationIds: string[]) {
  return sql.query(
    `SELECT DISTINCT s.* FROM knowledge_suggestions s
     JOIN knowledge_suggestion_sources ss ON ss.suggestion_id = s.id WHERE ss.conversation_id = ANY($1::uuid[])`,
    [conversationIds],
  );
}

/**
 * Deletes the conversations and everything written about them. Drafts quoting them lose those sources and are
 * deleted when nothing else backs them (an approved article stays: agents wrote and reviewed it, it no longer points
 * at the draft). Stripe's event ids stay, unlinked, so a replayed webhook is still recognised.
 */
export async function eraseConversationRows(sql: SqlRunner, ids: string[]): Promise<ErasedCounts> {
  const counts: ErasedCounts = { conversations: 0, messages: 0, events: 0, knowledgeSuggestions: 0 };
  if (ids.length === 0) return counts;
  const quoted = (await suggestionsQuoting(sql, ids)).map((s) => s.id as string);
  await sql.query('DELETE FROM knowledge_suggestion_sources WHERE conversation_id = ANY($1::uuid[])', [ids]);
  if (quoted.length) {
    const orphans = await sql.query(
      `SELECT s.id FROM knowledge_suggestions s WHERE s.id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM knowledge_suggestion_sources ss WHERE ss.suggestion_id = s.id)`,
      [quoted],
    );
    const orphanIds = orphans.map((o) => o.id as string);
    await sql.query('UPDATE kb_articles SET source_suggestion_id = NULL WHERE source_suggestion_id = ANY($1::uuid[])', [
      orphanIds,
    ]);
    counts.knowledgeSuggestions = (
      await sql.query('DELETE FROM knowledge_suggestions WHERE id = ANY($1::uuid[]) RETURNING id', [orphanIds])
    ).length;
  }
  await sql.query('UPDATE stripe_events SET conversation_id = NULL WHERE conversation_id = ANY($1::uuid[])', [ids]);
  const known = new Set<string>(CONVERSATION_TABLES);
  const others = (await referencingTables(sql, 'conversations')).filter(
    (r) => !known.has(r.table) && r.table !== 'knowledge_suggestion_sources',
  );
  for (const table of CONVERSATION_TABLES) {
    const deleted = await sql.query(`DELETE FROM ${table} WHERE conversation_id = ANY($1::uuid[]) RETURNING 1 AS x`, [
      ids,
    ]);
    if (table === 'messages') counts.messages = deleted.length;
    if (table === 'conversation_events') counts.events = deleted.length;
  }
  for (const r of others) {
    await sql.query(`DELETE FROM ${ident(r.table)} WHERE ${ident(r.column)} = ANY($1::uuid[])`, [ids]);
  }
  counts.conversations = (
    await sql.query('DELETE FROM conversations WHERE id = ANY($1::uuid[]) RETURNING id', [ids])
  ).length;
  return counts;
}

/** The customer rows themselves (and what hangs off them), after their conversations are gone. */
export async function eraseCustomerRows(sql: SqlRunner, customerIds: string[]): Promise<void> {
  for (const r of await referencingTables(sql, 'customers')) {
    if (r.table === 'conversations') continue;
    await sql.query(`DELETE FROM ${ident(r.table)} WHERE ${ident(r.column)} = ANY($1::varchar[])`, [customerIds]);
  }
  await sql.query('DELETE FROM widget_presence WHERE customer_id = ANY($1::varchar[])', [customerIds]);
  await sql.query('DELETE FROM customers WHERE id = ANY($1::varchar[])', [customerIds]);
}

/** Everything we hold about these conversations, as rows (column names as stored). */
export async function exportConversationRows(sql: SqlRunner, conversationIds: string[]) {
  const byConversation = async (table: string, order: string) =>
    sql.query(`SELECT * FROM ${table} WHERE conversation_id = ANY($1::uuid[]) ORDER BY ${order}`, [conversationIds]);
  return {
    conversations: await sql.query('SELECT * FROM conversations WHERE id = ANY($1::uuid[]) ORDER BY created_at', [
      conversationIds,
    ]),
    messages: await byConversation('messages', 'conversation_id, seq'),
    events: await byConversation('conversation_events', 'conversation_id, id'),
    ratings: await byConversation('conversation_ratings', 'conversation_id'),
    billingActions: await byConversation('billing_actions', 'conversation_id, created_at'),
    internalNotes: await byConversation('conversation_notes', 'conversation_id, created_at'),
    replyEmails: await byConversation('reply_emails', 'conversation_id, from_seq'),
    knowledgeSuggestions: await suggestionsQuoting(sql, conversationIds),
  };
}
