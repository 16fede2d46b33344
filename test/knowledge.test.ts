import type { Client as PgClient } from 'pg';
import {
  agentResolves,
  customerTurn,
  errorCode,
  gql,
  pg,
  startStack,
  suggestionFrom,
  token,
  waitFor,
} from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let db: PgClient;
const admin = token('admin', 'admin-1');
const lead = token('agent', 'agt-7');

const SUGGESTIONS = `query($status: SuggestionStatus, $first: Int, $after: String) {
  knowledgeSuggestions(status: $status, first: $first, after: $after) {
    edges { cursor node {
      id status title body question sourceConversations { id } replay { total wouldAnswer conversations { id confidence } }
      revisesArticleId articleId reviewedBy rejectReason reminders createdAt
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const APPROVE = `mutation($id: ID!, $edits: KnowledgeSuggestionEdits) { approveKnowledgeSuggestion(id: $id, edits: $edits) { id title body version } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectKnowledgeSuggestion(id: $id, reason: $reason) { id status rejectReason reviewedBy } }`;

beforeAll(async () => {
  // Reminders after two seconds instead of a day, so a test can watch a pending suggestion nag its reviewers.
  stack = await startStack('knowledge', { KB_SUGGESTION_REMIND_AFTER_SECONDS: '2' });
  db = await pg();
});
afterAll(async () => {
  // Other test files share this database and expect the seeded knowledge base: unpublish what these tests added.
  await db?.query(
    `UPDATE knowledge_suggestions SET article_id = NULL
     WHERE article_id IN (SELECT id FROM kb_articles WHERE source_suggestion_id IS NOT NULL AND version = 1)`,
  );
  await db?.query(`DELETE FROM kb_articles WHERE source_suggestion_id IS NOT NULL AND version = 1`);
  await db?.end();
  await stack?.stop();
});

/** A customer question the AI cannot answer, answered and resolved by an agent. */
async function answeredByAgent(
  customer: string,
  agent: string,
  question: string,
  answer: string,
  kbWorthy: boolean,
  route?: string,
) {
  const me = token('customer', customer);
  const { id, conversation } = await customerTurn(stack.port, me, null, question, route ? { route } : undefined);
  expect(conversation.status).toBe('AWAITING_AGENT');
  expect(conversation.escalation.reason).toBe('LOW_CONFIDENCE');
  const done = await agentResolves(stack.port, token('agent', agent), id, answer, { summary: 'answered', kbWorthy });
  expect(done).toMatchObject({ status: 'RESOLVED', resolvedBy: 'AGENT' });
  return id;
}

const FIELDS =
  'status title body question replay { wouldAnswer conversations { id confidence } } revisesArticleId articleId reviewedBy rejectReason reminders createdAt';
const suggestion = (conversationId: string, status = 'PENDING') =>
  suggestionFrom(stack.port, lead, conversationId, { status, fields: FIELDS });

describe('the learning loop', () => {
  it('an agent’s KB-worthy answer becomes a reviewed article that the AI cites for the next customer, who is not escalated', async () => {
    const question = 'Can our shared dashboards be served from our own domain, like dashboards.acme.com?';
    const answer =
      'Hi! Thanks for waiting. Custom domains for shared dashboards are set under Settings, Branding, Custom domain. ' +
      'Add a CNAME record that points your subdomain (for example dashboards.yourcompany.com) to share.lumen.app, ' +
      'then click Verify; the TLS certificate is issued automatically within ten minutes. Let me know if that helps!';
    const source = await answeredByAgent('cus-10', 'agt-2', question, answer, true, '/dashboards/:id/share');

    const s = await suggestion(source);
    expect(s.sourceConversations).toEqual([{ id: source }]);
    expect(s.question).toBe(question);
    expect(s.title).toBe(question);
    expect(s.body).toContain('Add a CNAME record');
    expect(s.body).not.toMatch(/Thanks for waiting|Let me know/); // chat pleasantries are not article text
    // The replay re-ran past escalations with the draft added: this conversation would now stay with the AI.
    expect(s.replay.total).toBeGreaterThanOrEqual(1);
    expect(s.replay.wouldAnswer).toBe(s.replay.conversations.length);
    const replayed = s.replay.conversations.find((c: any) => c.id === source);
    expect(replayed.confidence).toBeGreaterThan(0.6);

    // Reviewers: admins and lead agents only.
    expect(errorCode(await gql(stack.port, token('customer', 'cus-10'), SUGGESTIONS, {}))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, token('customer', 'cus-10'), APPROVE, { id: s.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, token('agent', 'agt-1'), APPROVE, { id: s.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql(stack.port, lead, APPROVE, { id: s.id, edits: { title: 'x' } }))).toBe('BAD_USER_INPUT');

    const approved = await gql(stack.port, lead, APPROVE, {
      id: s.id,
      edits: { title: 'Serving shared dashboards from your own domain' },
    });
    expect(approved.errors).toBeUndefined();
    const article = approved.data!.approveKnowledgeSuggestion;
    expect(article).toMatchObject({ title: 'Serving shared dashboards from your own domain', version: 1 });
    expect(article.body).toContain('CNAME');
    expect(errorCode(await gql(stack.port, admin, APPROVE, { id: s.id }))).toBe('CONFLICT'); // one decision

    const after = await suggestion(source, 'APPROVED');
    expect(after).toMatchObject({ status: 'APPROVED', articleId: article.id, reviewedBy: 'agt-7' });

    // Another customer, other words: the AI answers from the new article, first among its sources, no escalation.
    const next = await customerTurn(
      stack.port,
      token('customer', 'cus-11'),
      null,
      'Is it possible to use a custom domain with a CNAME for dashboard share links?',
    );
    expect(next.reply.authorKind).toBe('AI');
    expect(next.conversation.status).toBe('AI_ACTIVE');
    expect(next.reply.ai.sources[0].id).toBe(article.id);
    expect(next.reply.body).toContain('CNAME');
  });

  it('the same question resolved again joins the open suggestion; a rejection needs a reason and closes it', async () => {
    const q1 = 'Can I add annotations or notes to a specific date on a line chart?';
    const a =
      'Yes: open the chart, choose More, Annotations, and add a note pinned to a date; annotations show for everyone who views the dashboard.';
    const first = await answeredByAgent('cus-12', 'agt-2', q1, a, true);
    const s = await suggestion(first);
    const second = await answeredByAgent(
      'cus-13',
      'agt-4',
      'Is there a way to pin a note to a date on a line chart?',
      a,
      true,
    );

    const merged = await waitFor(async () => {
      const r = await gql(stack.port, lead, SUGGESTIONS, { status: 'PENDING', first: 50 });
      const node = r.data!.knowledgeSuggestions.edges.map((e: any) => e.node).find((n: any) => n.id === s.id);
      return node.sourceConversations.length === 2 ? node : undefined;
    }, 30_000);
    expect(merged.sourceConversations.map((c: any) => c.id).sort()).toEqual([first, second].sort());
    const all = await db.query(
      `SELECT suggestion_id FROM knowledge_suggestion_sources WHERE conversation_id = ANY($1::uuid[])`,
      [[first, second]],
    );
    expect(new Set(all.rows.map((r) => r.suggestion_id))).toEqual(new Set([s.id])); // no duplicate suggestion

    // Left pending, it reminds the lead agents (its workflow's timer; two seconds in this test).
    const reminded = await waitFor(async () => {
      const r = await db.query(
        `SELECT audience, message FROM agent_notifications WHERE kind = 'KB_SUGGESTION_PENDING' AND dedupe_key LIKE $1`,
        [`kb-suggestion-${s.id}-%`],
      );
      return r.rows.length > 0 ? r.rows[0] : undefined;
    }, 20_000);
    expect(reminded.audience).toEqual(['LEAD']);
    expect(reminded.message).toContain(s.title);

    expect(errorCode(await gql(stack.port, admin, REJECT, { id: s.id, reason: '   ' }))).toBe('BAD_USER_INPUT');
    const rejected = await gql(stack.port, admin, REJECT, {
      id: s.id,
      reason: 'Annotations ship next quarter; not documented yet',
    });
    expect(rejected.data!.rejectKnowledgeSuggestion).toMatchObject({
      id: s.id,
      status: 'REJECTED',
      rejectReason: 'Annotations ship next quarter; not documented yet',
    });
    expect(errorCode(await gql(stack.port, lead, APPROVE, { id: s.id }))).toBe('CONFLICT');
    const published = await db.query(`SELECT 1 FROM kb_articles WHERE source_suggestion_id = $1`, [s.id]);
    expect(published.rows).toHaveLength(0);
  });

  it('agents answering the same uncovered question twice, without marking it, is enough to draft an article', async () => {
    const a = 'There is no dark mode in the web app yet; the mobile app follows your phone’s dark setting.';
    const first = await answeredByAgent('cus-14', 'agt-2', 'Does Lumen offer a dark mode for the web app?', a, false);
    // Once is not a pattern: no suggestion from a single unmarked answer.
    const second = await answeredByAgent(
      'cus-15',
      'agt-4',
      'Is there a dark mode in the Lumen web app? My eyes hurt at night.',
      a,
      false,
    );
    const s = await suggestion(second);
    expect(s.sourceConversations.map((c: any) => c.id).sort()).toEqual([first, second].sort());
    const firstOnly = await db.query(
      `SELECT count(*)::int AS n FROM knowledge_suggestion_sources k WHERE k.conversation_id = $1`,
      [first],
    );
    expect(firstOnly.rows[0].n).toBe(1);
  });

  it('pages through suggestions with a cursor', async () => {
    const one = await gql(stack.port, admin, SUGGESTIONS, { first: 1 });
    expect(one.data!.knowledgeSuggestions.edges).toHaveLength(1);
    expect(one.data!.knowledgeSuggestions.pageInfo.hasNextPage).toBe(true);
    const rest = await gql(stack.port, admin, SUGGESTIONS, {
      first: 50,
      after: one.data!.knowledgeSuggestions.pageInfo.endCursor,
    });
    const ids = rest.data!.knowledgeSuggestions.edges.map((e: any) => e.node.id);
    expect(ids).not.toContain(one.data!.knowledgeSuggestions.edges[0].node.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(errorCode(await gql(stack.port, admin, SUGGESTIONS, { after: 'nope' }))).toBe('BAD_USER_INPUT');
  });
});
