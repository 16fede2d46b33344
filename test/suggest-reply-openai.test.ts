import { customerTurn, gql, startStack, token, waitFor } from './support/stack';
import { startOpenAiStub, type ChatRequest, type OpenAiStub } from './stubs/openai-stub';

/**
 * With AI_PROVIDER=openai, an agent's suggested reply comes from the model through the very answerer the AI's turns
 * use (against a local OpenAI-compatible server): the model's answer to the customer's question, grounded in the
 * article it cites, greeted by name and linked.
 */
type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let stub: OpenAiStub;

const lastCustomerText = (req: ChatRequest) => {
  const user = req.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  return /<customer>\n([\s\S]*?)\n<\/customer>/.exec(user)?.[1] ?? '';
};
const assessTurns = () => stub.requests.filter((r) => r.body.tools?.[0]?.function.name === 'assess_turn');
const DRAFTED = 'In the dashboard choose Share → Export → PDF; the file downloads in a few seconds.';

beforeAll(async () => {
  stub = await startOpenAiStub();
  stack = await startStack('suggest-openai', {
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-never-log-this-0123456789',
    OPENAI_BASE_URL: stub.url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '1500',
  });
});
afterAll(async () => {
  await stack?.stop();
  await stub?.stop();
});

it("drafts the agent's reply from the model, through the AI's own answerer, citing the article it grounded on", async () => {
  let drafting = false;
  stub.respond = (req) => {
    if (req.tools?.[0]?.function.name === 'write_handoff')
      return { arguments: { goal: 'Export a dashboard to PDF.', summary: 'Asked how to export; wants a person.' } };
    const human = /person/.test(lastCustomerText(req));
    return {
      arguments: {
        explicitHumanRequest: human && !drafting,
        category: null,
        frustration: 0.1,
        answer: drafting ? DRAFTED : 'Choose Share → Export → PDF.',
        citedArticleIds: ['kb-024'],
        confidence: drafting ? 0.9 : 0.3,
      },
    };
  };
  const customer = token('customer', 'cus-12');
  const first = await customerTurn(stack.port, customer, null, 'How do I export a dashboard to PDF?');
  await customerTurn(stack.port, customer, first.id, 'It still fails, can I talk to a person?');
  await waitFor(async () => {
    const r = await gql(stack.port, token('admin', 'admin-1'), `query($id: ID!) { conversation(id: $id) { status } }`, {
      id: first.id,
    });
    return r.data?.conversation?.status === 'AWAITING_AGENT' ? true : undefined;
  }, 40_000);

  drafting = true;
  const asked = assessTurns().length;
  const r = await gql(
    stack.port,
    token('agent', 'agt-1'),
    `mutation($c: ID!) { suggestReply(conversationId: $c) { draft by sources { id title url } } }`,
    { c: first.id },
  );
  expect(r.errors).toBeUndefined();
  const s = r.data!.suggestReply;
  expect(s.by).toBe('openai');
  // One model call for the draft, the same structured assessment the AI's turns make, about the latest question.
  const calls = assessTurns().slice(asked);
  expect(calls).toHaveLength(1);
  expect(lastCustomerText(calls[0].body)).toContain('It still fails, can I talk to a person?');
  expect(s.sources[0]).toMatchObject({ id: 'kb-024', title: 'Exporting dashboards and charts' });
  expect(s.draft).toBe(
    `Hi Oliver,\n\n${DRAFTED}\n\nThis article may help:\n- Exporting dashboards and charts: ${s.sources[0].url}\n\n` +
      'Best,\nNina Patel',
  );
});
