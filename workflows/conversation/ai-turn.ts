import { log, patched } from '@temporalio/workflow';
import { decideEscalation } from '../../domain/decide';
import type { TriggerEvaluation } from '../../domain/escalation';
import type { PolicySnapshot } from '../../domain/policy/sla';
import { ai, durableStore } from './activity-proxies';
import type { ConversationRun } from './conversation-run';
import type { PendingTurn } from './conversation.messages';
import { AuthorKind } from '../../domain/conversation';

const RECENT_TURNS_KEPT = 8;

/**
 * One customer turn while the AI has the conversation: the AI's analysis and answer, the escalation decision over
 * it (pure, replayed), then either the reply or the handoff. The decision and the signals it read are recorded.
 */
export async function runAiTurn(turn: PendingTurn, run: ConversationRun): Promise<void> {
  const { input, state } = run;
  const { conversationId } = input;
  const customerId = run.customerId;
  const ask = (p: PolicySnapshot | null) =>
    ai
      .generateAiReply({
        conversationId,
        customerId,
        question: turn.body,
        previousTurns: [...state.recentTurns],
        pageContext: turn.pageContext ?? input.pageContext,
        messageSeq: turn.seq,
        categoryPrecedence: p?.document.categoryPrecedence,
      })
      .then(
        (reply) => ({ reply, error: null }),
        (error: unknown) => ({ reply: null, error }),
      );
  let p: PolicySnapshot | null = null;
  let outcome: Awaited<ReturnType<typeof ask>>;
  if (patched('ai-turn-reads-policy-and-context-in-parallel')) {
    // The AI activity reads the newest policy itself and, on the first turn, runs beside the context gathering:
    // the workflow task that acknowledges a message carries no extra database round trip.
    if (!run.isContextReady()) {
      const [gathered, o] = await Promise.all([run.gather(turn), ask(null)]);
      run.applyContext(gathered);
      outcome = o;
    } else outcome = await ask(null);
  } else {
    if (!run.isContextReady()) run.applyContext(await run.gather(turn));
    p = await run.currentPolicy(true);
    outcome = await ask(p);
  }
  const reply = outcome.reply;
  if (reply?.policy) run.adoptPolicy(reply.policy);
  if (!reply) {
    log.warn('AI unavailable after bounded retries', { conversationId, error: String(outcome.error) });
    const evaluation: TriggerEvaluation = {
      kind: 'AI_UNAVAILABLE',
      fired: true,
      score: null,
      threshold: null,
      evidence: 'the AI could not answer after bounded retries',
    };
    await run.escalate('AI_UNAVAILABLE', [evaluation], {}, turn.messageId, true);
    return;
  }
  state.recentTurns.push(turn.body);
  if (state.recentTurns.length > RECENT_TURNS_KEPT) state.recentTurns.shift();
  p = reply.policy ?? p ?? (await run.currentPolicy());
  // The customer may have asked for a person, or closed, while the AI was thinking.
  if (!run.machine.withAi()) return;
  const tier = run.tier();
  const decision = decideEscalation(reply.signals, p.document, tier, state.aiTurnsOnProblem);
  const decisionRecord = {
    conversationId,
    event: {
      kind: 'turn_decided' as const,
      data: {
        seq: turn.seq,
        policyVersion: p.version,
        escalate: decision.escalate,
        reason: decision.reason,
        category: decision.category,
        evaluations: decision.evaluations,
        confidence: reply.confidence,
        frustration: reply.signals.frustration.score,
        continuesPrevious: reply.signals.problem.continuesPrevious,
        aiTurnsOnProblem: decision.aiTurnsOnProblem,
        usage: reply.usage ?? null,
        // What the decision read, whole: a policy backtest replays it under another policy (data only, no new command).
        signals: reply.signals,
        tier,
      },
      dedupeKey: `decision-${turn.messageId}`,
    },
  };
  const aiReply = {
    conversationId,
    authorKind: AuthorKind.AI,
    body: reply.answer,
    ai: { confidence: reply.confidence, sources: reply.sources },
    clientMessageId: `ai-reply-${turn.messageId}`,
  };
  const stays = !(decision.escalate && decision.reason);
  if (patched('ai-turn-single-write')) {
    // One transaction for the decision and the reply: one database round trip less per answered message.
    await durableStore.recordAiTurn({ decision: decisionRecord, reply: stays ? aiReply : null });
  } else {
    await durableStore.recordConversationState(decisionRecord);
    if (stays) await durableStore.persistMessage(aiReply);
  }
  if (!stays) {
    await run.escalate(
      decision.reason!,
      decision.evaluations,
      { category: decision.category, confidence: reply.confidence, sentiment: -reply.signals.frustration.score },
      turn.messageId,
    );
    return;
  }
  state.aiTurnsOnProblem = decision.aiTurnsOnProblem;
  state.aiReplies++;
}
