import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  formatReport,
  mostCitedArticle,
  scorePredictions,
  type LabelledConversation,
  type Prediction,
} from './support/devset-eval';
import { customerTurn, startStack, token } from './support/stack';

/**
 * The labelled dev set, run through the real system: every turn is a customer message over GraphQL, answered by
 * the conversation workflow on the Temporal dev server, until the workflow escalates or the turns run out.
 */
const DEV_SET = path.resolve(__dirname, '..', '..', 'shared', 'data', 'conversations.dev.json');
const conversations: LabelledConversation[] = existsSync(DEV_SET)
  ? JSON.parse(readFileSync(DEV_SET, 'utf8'))
  : JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'conversations.dev.json'), 'utf8'));

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack('devset');
});
afterAll(async () => stack?.stop());

async function runThroughWorkflow(conv: LabelledConversation): Promise<Prediction> {
  const auth = token('customer', conv.customerId);
  let id: string | null = null;
  const cited: string[] = [];
  for (let i = 0; i < conv.turns.length; i++) {
    const turn = await customerTurn(stack.port, auth, id, conv.turns[i], id ? undefined : { ...conv.pageContext });
    id = turn.id;
    if (turn.reply.authorKind === 'SYSTEM') {
      const e = turn.conversation.escalation;
      const decisive = e.triggers.find((t: { kind: string }) => t.kind === e.reason);
      return {
        outcome: 'ESCALATE',
        atTurn: i,
        trigger: e.reason,
        category: e.category,
        evidence: decisive?.evidence ?? null,
      };
    }
    const first = turn.reply.ai?.sources?.[0]?.id;
    if (first) cited.push(first);
  }
  return { outcome: 'AI_RESOLVES', articleId: mostCitedArticle(cited) };
}

it('runs the whole dev set through the real workflow and reports accuracy per trigger', async () => {
  const predictions: Prediction[] = new Array(conversations.length);
  let next = 0;
  // A few conversations at a time, like customers arriving together.
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = next++; i < conversations.length; i = next++)
        predictions[i] = await runThroughWorkflow(conversations[i]);
    }),
  );
  const report = scorePredictions(conversations, predictions);
  console.log(`dev set through the real workflow\n${formatReport(report)}`);
  expect(report.decisionAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(report.fullyCorrectAccuracy).toBeGreaterThanOrEqual(0.85);
}, 300_000);
