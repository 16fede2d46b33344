import { ServiceError } from '@temporalio/client';
import type { GraphQLSchema } from 'graphql';
import { buildSupportSchema } from '../../../schema/build-schema';
import { formatError } from '../../../schema/errors';
import { TopicPubSub } from '../../events/topic-pubsub';
import { loadConfig } from '../../config';
import { metricsGuard } from '../security';
import { checkOperation, type QueryLimits } from './query-limits';
import { rateLimitedFromTemporal } from './temporal-limits';
import { ConversationUpdateGuard } from './update-guard';

/** The defaults (src/config/api-limits.ts). */
const limits: QueryLimits = loadConfig({}).limits;
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSupportSchema();
});

const refusal = (query: string, l: QueryLimits = limits, variables?: Record<string, unknown>) => {
  const r = checkOperation(schema, l, { query, variables });
  return 'errors' in r ? r.errors.map((e) => `${e.extensions.code}: ${e.message}`) : [];
};

describe('query limits (the rules both transports apply)', () => {
  it('lets the queries the clients and the README use through', () => {
    expect(
      refusal(`query($id: ID!) { conversation(id: $id) { id status assignee { id } assigneeName
        escalation { reason triggers { kind evidence } } sla { deadline steps { action dueAt } }
        messages(first: 100) { edges { node { id seq body ai { confidence sources { id title } } } } } } }`),
    ).toEqual([]);
    expect(
      refusal(`subscription { agentQueueChanged { change conversation { id messages(first: 20) {
        edges { node { id ai { sources { id } } } } } } } }`),
    ).toEqual([]);
  });

  it('refuses more aliases, depth, tokens or cost than allowed, naming the limit', () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(refusal(aliases)).toEqual([expect.stringMatching(/^GRAPHQL_VALIDATION_FAILED: .*Aliases limit of 15/)]);
    const nine = `{ conversations { edges { node { messages { edges { node { ai { sources { id } } } } } } } } }`;
    expect(refusal(nine)).toEqual([]);
    const deep = `{ backtest(id: "x") { report { changes { edges { node { conversation { messages { edges { node {
      ai { sources { id } } } } } } } } } } } }`;
    expect(refusal(deep)).toEqual([
      expect.stringMatching(/^GRAPHQL_VALIDATION_FAILED: .*depth limit of 10 exceeded, found 12/),
    ]);
    const tokens = `{ me { ${'id '.repeat(1000)} } }`;
    expect(refusal(tokens)).toEqual([expect.stringMatching(/^GRAPHQL_PARSE_FAILED: .*more that 1000 tokens/)]);
    const costly = `query($n: Int) { conversations(first: 100) { edges { node { messages(first: $n) {
      edges { node { id body } } } } } } }`;
    expect(refusal(costly, limits, { n: 10 })).toEqual([]);
    expect(refusal(costly, limits, { n: 100 })).toEqual([
      expect.stringMatching(/^GRAPHQL_VALIDATION_FAILED: Query cost limit of 5000 exceeded/),
    ]);
  });

  it('refuses introspection, and hides field suggestions, when introspection is off', () => {
    const off = { ...limits, introspection: false };
    expect(refusal('{ __schema { types { name } } }')).toEqual([]);
    const refused = refusal('{ __schema { types { name } } }', off);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toMatch(/^GRAPHQL_VALIDATION_FAILED: GraphQL introspection has been disabled/);
    expect(refusal('{ mee { id } }')).toEqual([expect.stringMatching(/Did you mean "me"\?/)]);
    expect(refusal('{ mee { id } }', off)).toEqual([
      'GRAPHQL_VALIDATION_FAILED: Cannot query field "mee" on type "Query".',
    ]);
  });
});

describe('RATE_LIMITED instead of INTERNAL', () => {
  it('runs at most N Updates at once per conversation and refuses the rest with a retry-after', async () => {
    const guard = new ConversationUpdateGuard(2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const running = [guard.run('c1', () => held), guard.run('c1', () => held)];
    await expect(guard.run('c1', async () => 'third')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 1 },
    });
    expect(await guard.run('c2', async () => 'other conversation')).toBe('other conversation');
    release();
    await Promise.all(running);
    expect(await guard.run('c1', async () => 'after')).toBe('after');
  });

  it("maps Temporal's RESOURCE_EXHAUSTED (the in-flight Update limit) to RATE_LIMITED at the GraphQL edge", () => {
    const grpc = Object.assign(new Error('limit on number of concurrent in-flight updates has been reached'), {
      code: 8,
      details: 'limit on number of concurrent in-flight updates has been reached (10)',
    });
    const err = new ServiceError('Workflow Update failed', { cause: grpc });
    expect(rateLimitedFromTemporal(err)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(rateLimitedFromTemporal(Object.assign(new Error('x'), { code: 14, details: 'unavailable' }))).toBeNull();
    expect(formatError({ message: err.message, path: ['sendMessage'] }, err)).toEqual({
      message: 'too many requests on this conversation at once; try again shortly',
      path: ['sendMessage'],
      locations: undefined,
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 },
    });
  });
});

describe('bounded buffers', () => {
  it('ends a subscriber that falls too far behind with RATE_LIMITED, keeping nothing queued', async () => {
    const pubsub = new TopicPubSub<number>(3);
    const slow = pubsub.subscribe('t');
    for (let i = 0; i < 4; i++) pubsub.publish('t', i);
    expect(pubsub.subscriberCount('t')).toBe(0);
    await expect(slow.next()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    const fine = pubsub.subscribe('t');
    pubsub.publish('t', 7);
    expect(await fine.next()).toEqual({ value: 7, done: false });
  });
});

describe('/metrics on the public port', () => {
  const call = (token: string | null, header?: string) => {
    let status = 200;
    let passed = false;
    const res = {
      status: (s: number) => ((status = s), res),
      set: () => res,
      type: () => res,
      send: () => res,
    };
    const req = { header: () => header };
    metricsGuard(token)(req as never, res as never, () => void (passed = true));
    return passed ? 'next' : status;
  };
  it('answers only the configured bearer token, and does not exist without one', () => {
    expect(call(null, 'Bearer anything')).toBe(404);
    expect(call('s3cret-token-0123456789')).toBe(401);
    expect(call('s3cret-token-0123456789', 'Bearer wrong')).toBe(401);
    expect(call('s3cret-token-0123456789', 'Bearer s3cret-token-0123456789')).toBe('next');
  });
});
