import { randomUUID } from 'node:crypto';
import type { ConversationGateway } from '../src/temporal/conversation-gateway';
import { graphql, type GraphQLSchema } from 'graphql';
import { Client as PgClient } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { buildSupportSchema } from '../schema/build-schema';
import type { GraphQLContext, Services } from '../schema/context';
import { createLoaders } from '../schema/loaders';
import { entities } from '../src/db/entities';
import { encodeEvent, EVENTS_CHANNEL } from '../src/events/channel';
import { type ConversationEvent, conversationTopic, EventHub } from '../src/events/hub';
import { AgentDeskService } from '../src/services/agent-desk.service';
import { ConversationBatchReads } from '../src/services/conversation-batch-reads';
import { ConversationsService } from '../src/services/conversations.service';
import { CustomersService } from '../src/services/customers.service';
import type { QueueInfo } from '../src/services/queue-info';
import type { ConversationEntity } from '../src/db/entities';
import { testEnv } from './support/env';
import { waitFor } from './support/stack';

/**
 * What a page of conversations costs in SQL, counted on a real PostgreSQL through TypeORM's logger, and what a queue
 * move costs the event hub. The rows are made here (dated 2001, for a customer of their own) and removed after.
 */
let ds: DataSource;
let queries = 0;
const counting: Logger = {
  logQuery: () => void queries++,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};
let schema: GraphQLSchema;
let services: Services;
const customerId = `cus-batch-${randomUUID().slice(0, 8)}`;
const ids: string[] = [];

beforeAll(async () => {
  ds = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, entities, logging: ['query'], logger: counting });
  await ds.initialize();
  schema = await buildSupportSchema();
  const temporal = {} as ConversationGateway; // reads only: nothing here talks to Temporal
  const conversations = new ConversationsService(ds, temporal, {
    continueAsNewAfterTurns: 0,
    outbox: { storeAndDeliver: async () => null }, // reads only
  });
  services = {
    conversations,
    customers: new CustomersService(ds),
    desk: new AgentDeskService(ds, temporal, conversations),
    batch: new ConversationBatchReads(ds),
  } as Partial<Services> as Services;

  await ds.query(`INSERT INTO customers (id, name, email, tier) VALUES ($1, 'Batch Co', $2, 'PRO')`, [
    customerId,
    `${customerId}@example.com`,
  ]);
  for (let i = 0; i < 40; i++) {
    const id = randomUUID();
    ids.push(id);
    const waiting = i % 3 === 0;
    await ds.query(
      `INSERT INTO conversations (id, customer_id, status, tier, workflow_id, last_seq, created_at, updated_at,
         assignee_id, queue_pool, sla_deadline, escalated_at)
       VALUES ($1, $2, $3, 'PRO', $4, 3, $5, $5, $6, $7, $8, $5)`,
      [
        id,
        customerId,
        waiting ? 'AWAITING_AGENT' : 'AGENT_ACTIVE',
        `conversation-${id}`,
        new Date(Date.UTC(2001, 0, 1, 0, i)),
        waiting ? null : `agt-${(i % 8) + 1}`,
        waiting ? ['TIER1'] : [],
        waiting ? new Date(Date.UTC(2001, 0, 2, 0, i)) : null,
      ],
    );
    for (let seq = 1; seq <= 3; seq++)
      await ds.query(
        `INSERT INTO messages (conversation_id, seq, author_kind, body, created_at) VALUES ($1, $2, 'CUSTOMER', $3, $4)`,
        [id, seq, `message ${seq}`, new Date(Date.UTC(2001, 0, 1, 0, i, seq))],
      );
    if (i % 4 === 0)
      await ds.query(
        `INSERT INTO billing_actions (id, conversation_id, kind, status, amount_cents, currency, reason, proposed_by)
         VALUES ($1, $2, 'CREDIT', 'PROPOSED', 500, 'usd', 'goodwill', 'agt-1')`,
        [randomUUID(), id],
      );
  }
});

afterAll(async () => {
  if (ds?.isInitialized) {
    await ds.query('DELETE FROM billing_actions WHERE conversation_id = ANY($1::uuid[])', [ids]);
    await ds.query('DELETE FROM messages WHERE conversation_id = ANY($1::uuid[])', [ids]);
    await ds.query('DELETE FROM conversations WHERE id = ANY($1::uuid[])', [ids]);
    await ds.query('DELETE FROM customers WHERE id = $1', [customerId]);
    await ds.destroy();
  }
});

const PAGE = `query($first: Int, $c: ID) { conversations(first: $first, filter: { customerId: $c }) { edges { node {
  id status customer { id name } assignee { id name } assigneeName queue { position estimatedWaitSeconds }
  billingActions { id amountCents } messages(first: 2) { edges { node { id seq body } } pageInfo { hasNextPage } }
  later: messages(afterSeq: 1) { edges { node { seq } } }
} } } }`;

async function run(first: number) {
  const contextValue: GraphQLContext = {
    principal: { sub: 'admin-1', role: 'admin' },
    services,
    loaders: createLoaders(services),
    limits: null,
  };
  queries = 0;
  const r = await graphql({ schema, source: PAGE, variableValues: { first, c: customerId }, contextValue });
  expect(r.errors).toBeUndefined();
  return { queries, nodes: (r.data as any).conversations.edges.map((e: any) => e.node) };
}

describe('a page of conversations costs a bounded number of queries', () => {
  it('the same for 2 conversations as for 40, and every per-parent field is right', async () => {
    const small = await run(2);
    const large = await run(40);
    expect(large.nodes).toHaveLength(40);
    // conversations, customers, agents, queue places, billing actions, two windows of messages.
    expect(large.queries).toBeLessThanOrEqual(7);
    expect(large.queries).toBe(small.queries);

    const byId = new Map(large.nodes.map((n: any) => [n.id, n]));
    ids.forEach((id, i) => {
      const n: any = byId.get(id);
      expect(n.customer).toEqual({ id: customerId, name: 'Batch Co' });
      expect(n.messages.edges.map((e: any) => e.node.seq)).toEqual([1, 2]);
      expect(n.messages.pageInfo.hasNextPage).toBe(true);
      expect(n.later.edges.map((e: any) => e.node.seq)).toEqual([2, 3]);
      expect(n.billingActions).toHaveLength(i % 4 === 0 ? 1 : 0);
      if (i % 3 === 0) {
        expect(n.assignee).toBeNull();
        expect(n.queue.position).toBeGreaterThanOrEqual(1);
      } else {
        expect(n.assignee.id).toBe(`agt-${(i % 8) + 1}`);
        expect(n.assigneeName).toBe(n.assignee.name);
        expect(n.queue).toBeNull();
      }
    });
  });
});

describe('a queue move does not reload every open conversation subscription', () => {
  it('refreshes the waiting subscribers with two reads per burst of moves, and publishes only changed places', async () => {
    // The hub's reads, in the order it made them: `conversation:<id>` per queue event, then `waiting`, `infos` per refresh.
    const reads: string[] = [];
    const positions = new Map<string, number>([
      ['a', 2],
      ['b', 5],
    ]);
    const row = (id: string) => ({ id, status: 'AWAITING_AGENT' }) as ConversationEntity;
    const hub = new EventHub(testEnv().databaseUrl, {
      message: async () => null,
      backtest: async () => null,
      note: async () => null,
      notification: async () => null,
      billingAction: async () => null,
      conversation: async (id) => {
        reads.push(`conversation:${id}`);
        return null;
      },
      waitingConversations: async (wanted) => {
        reads.push('waiting');
        return wanted.filter((id) => positions.has(id)).map(row);
      },
      queueInfos: async (wanted) => {
        reads.push('infos');
        return new Map(
          wanted.map((id): [string, QueueInfo] => [id, { position: positions.get(id)!, estimatedWaitSeconds: 60 }]),
        );
      },
    });
    await hub.start();
    const seen: Record<string, ConversationEvent[]> = { a: [], b: [], c: [] };
    const follow = (id: string) => {
      const it = hub.conversations.subscribe(conversationTopic(id));
      void (async () => {
        for await (const e of it) seen[id].push(e);
      })();
      return it;
    };
    const subs = ['a', 'b', 'c'].map(follow);
    const notify = new PgClient({ connectionString: testEnv().databaseUrl });
    await notify.connect();
    const move = (conversationId: string) =>
      notify.query('SELECT pg_notify($1, $2)', [
        EVENTS_CHANNEL,
        encodeEvent({ kind: 'queue', conversationId, change: 'claimed' }),
      ]);
    /**
     * Instead of sleeping to show nothing more happened: one more move, which the hub reads after every earlier
     * notification (one LISTEN connection, in commit order), and the refresh it schedules. Once that refresh has
     * read, any extra refresh or event the earlier moves caused has happened, and shows in `reads` before it.
     */
    let sentinels = 0;
    const settled = async () => {
      const id = `sentinel-${++sentinels}`;
      await move(id);
      await waitFor(
        () => reads.at(-1) === 'infos' && reads.slice(reads.indexOf(`conversation:${id}`)).length === 3,
        5000,
      );
      expect(reads.splice(reads.indexOf(`conversation:${id}`))).toEqual([`conversation:${id}`, 'waiting', 'infos']);
    };
    try {
      for (let i = 0; i < 5; i++) await move('elsewhere');
      await waitFor(() => seen.a.length === 1 && seen.b.length === 1, 5000);
      await settled();
      // Five moves, one refresh: two reads for all the waiting subscribers.
      expect(reads.splice(0)).toEqual([...Array(5).fill('conversation:elsewhere'), 'waiting', 'infos']);
      expect(seen.a[0].queueSnapshot).toEqual({ position: 2, estimatedWaitSeconds: 60 });
      expect(seen.b).toHaveLength(1); // the sentinel's refresh found no place changed: nothing sent
      expect(seen.c).toHaveLength(0);

      positions.set('a', 1);
      await move('elsewhere');
      await waitFor(() => seen.a.length === 2, 5000);
      await settled();
      expect(reads.splice(0)).toEqual(['conversation:elsewhere', 'waiting', 'infos']);
      expect(seen.b).toHaveLength(1); // its place did not change: nothing sent
      expect(seen.a[1].queueSnapshot?.position).toBe(1);
      expect(seen.a).toHaveLength(2);
      expect(seen.c).toHaveLength(0);
    } finally {
      await Promise.all(subs.map((s) => s.return?.()));
      await notify.end();
      await hub.stop();
    }
  });
});
