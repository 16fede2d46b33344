import { customerTurn, errorCode, gql, startStack, token, waitFor } from './support/stack';

/**
 * An agent's suggested reply over the real API, worker, Temporal and PostgreSQL with the local answerer: the draft
 * greets the customer by name, answers the question they escalated with from the knowledge base, and links the
 * article it rests on; it is only a draft (nothing reaches the customer), and customers cannot ask for one.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('suggest-reply');
});
afterAll(async () => stack?.stop());

const SUGGEST = `mutation($c: ID!) { suggestReply(conversationId: $c) { draft by confidence question sources { id title url } } }`;
const MESSAGES = `query($id: ID!) { conversation(id: $id) { status messages(first: 50) { edges { node { authorKind body } } } } }`;

describe('suggestReply', () => {
  let conversationId: string;

  beforeAll(async () => {
    const customer = token('customer', 'cus-12');
    const page = { route: '/dashboards/42', title: 'Dashboards' };
    const first = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?', page);
    conversationId = first.id;
    await customerTurn(stack.port, customer, conversationId, 'That did not help, I want to talk to a person please.');
    await waitFor(async () => {
      const r = await gql(
        stack.port,
        token('admin', 'admin-1'),
        `query($id: ID!) { conversation(id: $id) { status } }`,
        {
          id: conversationId,
        },
      );
      return r.data?.conversation?.status === 'AWAITING_AGENT' ? true : undefined;
    }, 40_000);
  });

  it('drafts a reply to the customer from the KB article that answers their question, greeting them by name', async () => {
    const before = await gql(stack.port, token('admin', 'admin-1'), MESSAGES, { id: conversationId });
    const r = await gql(stack.port, token('agent', 'agt-1'), SUGGEST, { c: conversationId });
    expect(r.errors).toBeUndefined();
    const s = r.data!.suggestReply;
    expect(s.by).toBe('local');
    expect(s.question).toBe('That did not help, I want to talk to a person please.');
    expect(s.sources[0]).toMatchObject({ id: 'kb-024', title: 'Exporting dashboards and charts' });
    expect(s.sources[0].url).toBe(`http://127.0.0.1:${stack.port}/help/articles/kb-024`);
    expect(s.draft).toMatch(/^Hi Oliver,\n\n/);
    expect(s.draft).toMatch(/PDF/);
    expect(s.draft).toContain(`- Exporting dashboards and charts: ${s.sources[0].url}`);
    expect(s.draft).toMatch(/\n\nBest,\nNina Patel$/);
    // The link opens the public article page the widget's source links use.
    const article = await fetch(s.sources[0].url);
    expect(article.status).toBe(200);
    expect(await article.text()).toContain('Exporting dashboards and charts');
    // Only a draft: nothing was added to the conversation.
    const after = await gql(stack.port, token('admin', 'admin-1'), MESSAGES, { id: conversationId });
    expect(after.data!.conversation.messages.edges).toHaveLength(before.data!.conversation.messages.edges.length);
    expect(after.data!.conversation.status).toBe('AWAITING_AGENT');
  });

  it('is for staff only: customers are refused, even on their own conversation; unknown ids are NOT_FOUND', async () => {
    expect(errorCode(await gql(stack.port, token('customer', 'cus-12'), SUGGEST, { c: conversationId }))).toBe(
      'FORBIDDEN',
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(errorCode(await gql(stack.port, token('agent', 'agt-1'), SUGGEST, { c: missing }))).toBe('NOT_FOUND');
  });
});
