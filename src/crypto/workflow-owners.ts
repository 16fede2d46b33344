import type { SqlRunner } from './data-keys';
import { TtlCache } from './ttl-cache';

/**
 * Whose data a workflow's payloads are: a conversation's (`conversation-<id>`) and its learning loop's
 * (`kb-suggestion-<id>-<cycle>`, which quotes it) belong to the conversation's customer; every other workflow
 * (backtests, policy rollouts, the digest, retention) to nobody, so the deployment's key encrypts them.
 */
const OWNED = [/^conversation-([0-9a-f-]{36})$/i, /^kb-suggestion-([0-9a-f-]{36})-\d+$/i];

export function conversationOfWorkflow(workflowId: string | undefined): string | null {
  if (!workflowId) return null;
  for (const re of OWNED) {
    const m = re.exec(workflowId);
    if (m) return m[1];
  }
  return null;
}

/**
 * Owners this process was told before PostgreSQL knows them: the API's start of a conversation (its row is written
 * by the workflow's first store), and a worker that decrypted a workflow's payload with a customer's key. Shared by
 * every codec of the process; bounded, and kept ten minutes (by then the row exists).
 */
const hints = new TtlCache<string, string>(10 * 60_000, 10_000);

export function rememberWorkflowOwner(workflowId: string, customerId: string): void {
  if (conversationOfWorkflow(workflowId)) hints.set(workflowId, customerId);
}

export class WorkflowOwners {
  private readonly owners: TtlCache<string, string | null>;

  constructor(
    private readonly sql: SqlRunner,
    cache: { cacheTtlMs: number; cacheSize: number },
  ) {
    this.owners = new TtlCache(cache.cacheTtlMs, cache.cacheSize);
  }

  /** The customer whose key encrypts this workflow's payloads, or null for the deployment's key. */
  async ownerOf(workflowId: string | undefined): Promise<string | null> {
    const conversationId = conversationOfWorkflow(workflowId);
    if (!conversationId || !workflowId) return null;
    const hinted = hints.get(workflowId);
    if (hinted) return hinted;
    return this.owners.getOrLoad(
      conversationId,
      async () => {
        const rows = await this.sql.query('SELECT customer_id FROM conversations WHERE id = $1', [conversationId]);
        return (rows[0]?.customer_id as string | undefined) ?? null;
      },
      // An unknown conversation is asked again next time: its row may be written any moment.
      (owner) => owner !== null,
    );
  }

  /** An erased customer's conversations are nobody's any more. */
  forgetConversation(conversationId: string): void {
    this.owners.delete(conversationId);
    hints.delete(`conversation-${conversationId}`);
  }
}
