import { Client as PgClient } from 'pg';
import { EVENTS_CHANNEL, decodeEvent } from '../src/events/channel';

/**
 * When each message was committed, as every API replica learns it: the worker's pg_notify is delivered at commit,
 * so a LISTEN of our own on the same channel stamps it (plus a loopback hop). Commit → client is the subscriber's
 * arrival minus this stamp.
 */
export class CommitClock {
  private readonly at = new Map<string, number>();
  private readonly byConversation = new Map<string, number[]>();
  private constructor(private readonly client: PgClient) {}

  static async listen(databaseUrl: string): Promise<CommitClock> {
    const client = new PgClient({ connectionString: databaseUrl, application_name: 'support-bench-listen' });
    await client.connect();
    const clock = new CommitClock(client);
    client.on('notification', (n) => {
      const e = decodeEvent(n.payload);
      if (e?.kind !== 'message') return;
      const now = performance.now();
      clock.at.set(e.messageId, now);
      const list = clock.byConversation.get(e.conversationId) ?? [];
      list.push(now);
      clock.byConversation.set(e.conversationId, list);
    });
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    return clock;
  }

  /** performance.now() of the message's commit, if seen. */
  committedAt(messageId: string): number | undefined {
    return this.at.get(messageId);
  }

  /** performance.now() of the conversation's n-th message commit (0-based), if seen. */
  nthCommit(conversationId: string, n: number): number | undefined {
    return this.byConversation.get(conversationId)?.[n];
  }

  clear(): void {
    this.at.clear();
    this.byConversation.clear();
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
