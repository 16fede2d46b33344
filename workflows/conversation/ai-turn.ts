import { log } from '@temporalio/workflow';
import { hasPatch } from './patches';
import { decideEscalation } from '../../domain/decide';
import type { EscalationDecision, TriggerEvaluation } from '../../domain/escalation';
import type { Activities } from '../../activities';
import type { PolicySnapshot } from '../../domain/policy/sla';
import { ai, aiInTask, durableStore } from './activity-proxies';
import type { ConversationRun } from './conversation-run';
import type { PendingTurn } from './conversation.messages';
import { AuthorKind } from '../../domain/conversation';

const RECENT_TURNS_KEPT = 8;

type TurnResult = Awaited<ReturnType<Activities['generateAiReply']>>;
type AiTurnRecord = Parameters<Activities['recordAiTurn']>[0];

type Answerer = Pick<Activities, 'generateAiReply' | 'generateAiReplies'>;

/**
 * Where this run's AI answers: inside the workflow task when the API said the AI is local (a new run; patched), else
 * as a regular activity. Histories from before ask the regular activity as they ran.
 *
 * A local activity's outcome is kept in the history only when its workflow task completes, while the stores that
 * follow it in the same task write PostgreSQL at once. A failed local answer followed by the hand-off's notice, in a
 * task that then timed out (PostgreSQL refusing, a slow machine), replayed into a second, successful answer: the
 * customer had both, and the AI went on after telling them a person was coming (`npm run chaos`, postgres-refusing,
 * in CI). So a local answer that fails is asked again as the regular activity: scheduling it completes the task with
 * the failure recorded, and the hand-off that may follow waits on an outcome the history holds.
 */
function aiFor(run: ConversationRun): Answerer {
  if (!(run.input.aiInWorkflowTask && hasPatch('ai-turn-in-workflow-task'))) return ai;
  const orActivity =
    <A, R>(what: keyof Answerer, local: (a: A) => Promise<R>, activity: (a: A) => Promise<R>) =>
    (a: A) =>
      local(a).catch((error: unknown) => {
        log.warn('local AI failed; asking the AI activity', {
          conversationId: run.input.conversationId,
          what,
          error: String(error),
        });
        return activity(a);
      });
  return {
    generateAiReply: orActivity('generateAiReply', aiInTask.generateAiReply, ai.generateAiReply),
    generateAiReplies: orActivity('generateAiReplies', aiInTask.generateAiReplies, ai.generateAiReplies),
  };
}

/**
 * One customer turn while the AI has the conversation: the AI's analysis and answer, the escalation decision over
 * it (pure, replayed), then either the reply or the handoff. The decision and the signals it read are recorded.
 */
export async function runAiTurn(turn: PendingTurn, run: ConversationRun): Promise<void> {
  const { input, state } = run;
  const { conversationId } = input;
  const customerId = run.customerId;
  const model = aiFor(run);
  const ask = (p: PolicySnapshot | null) =>
    model
      .generateAiReply({
        conversationId,
        customerId,
        question: turn.body,
        previousTurns: [...state.recentTurns],
        pageContext: turn.pageContext ?? input.pageContext,
        messageSeq: turn.seq,
        categoryPrecedence: p?.document.categoryPrecedence,
        plan: run.context.startPlan(),
      })
      .then(
        (reply) => ({ reply, error: null }),
        (error: unknown) => ({ reply: null, error }),
      );
  let p: PolicySnapshot | null = null;
  let outcome: Awaited<ReturnType<typeof ask>>;
  if (hasPatch('ai-turn-reads-policy-and-context-in-parallel')) {
    // The AI activity reads the newest policy itself and, on the first turn, runs beside the context gathering:
    // the workflow task that acknowledges a message carries no extra database round trip.
    const { context } = run;
    context.resume();
    if (!context.isReady() && context.startTier()) {
      // The decision needs only the tier, which the API read at start: the answer waits on no context source. When
      // the API gathers the context too, this run only reads it back later: one workflow task for the start.
      if (context.gatheredByApi()) context.leaveToApi(turn);
      else context.gatherBeside(turn);
      outcome = await ask(null);
    } else if (!context.isReady()) {
      const [gathered, o] = await Promise.all([context.gather(turn), ask(null)]);
      context.apply(gathered);
      outcome = o;
    } else outcome = await ask(null);
  } else {
    if (!run.context.isReady()) run.context.apply(await run.context.gather(turn));
    p = await run.currentPolicy(true);
    outcome = await ask(p);
  }
  const reply = outcome.reply;
  if (reply?.policy) run.adoptPolicy(reply.policy);
  if (!reply) return aiUnavailable(run, turn, outcome.error);
  remember(run, turn);
  p = reply.policy ?? p ?? (await run.currentPolicy());
  // The customer may have asked for a person, or closed, while the AI was thinking.
  if (!run.machine.withAi()) return;
  const { decision, record } = decide(run, turn, reply, p);
  if (hasPatch('ai-turn-single-write')) {
    // One transaction for the decision and the reply: one database round trip less per answered message.
    await durableStore.recordAiTurn(record);
  } else {
    await durableStore.recordConversationState(record.decision);
    if (record.reply) await durableStore.persistMessage(record.reply);
  }
  await settle(run, turn, reply, decision);
}

/** Bursts answered in one activity at most this long: a model provider is asked for their answers at once. */
export const BURST_MAX = 10;

/**
 * Messages the customer sent while the AI was answering an earlier one, answered in one AI activity and one store
 * (a workflow task and an activity per burst instead of per message): each gets its own answer and its own decision,
 * in order, as one turn at a time would have given them. A decision to hand over ends the burst there: the turns
 * before it keep their answers, the ones after it wait for the agent as any message does then. Returns how many of
 * `turns` were taken (all of them, or up to the one that handed over).
 */
export async function runAiBurst(turns: PendingTurn[], run: ConversationRun): Promise<number> {
  const { input, state } = run;
  run.context.resume();
  const outcome = await aiFor(run)
    .generateAiReplies({
      conversationId: input.conversationId,
      customerId: run.customerId,
      previousTurns: [...state.recentTurns],
      turnsKept: RECENT_TURNS_KEPT,
      plan: run.context.startPlan(),
      turns: turns.map((t) => ({
        question: t.body,
        messageSeq: t.seq,
        pageContext: t.pageContext ?? input.pageContext,
      })),
    })
    .then(
      (replies) => ({ replies, error: null }),
      (error: unknown) => ({ replies: null, error }),
    );
  if (!outcome.replies) {
    await aiUnavailable(run, turns[0], outcome.error);
    return 1;
  }
  const replies = outcome.replies;
  if (replies[0]?.policy) run.adoptPolicy(replies[0].policy);
  const p = replies[0]?.policy ?? (await run.currentPolicy());
  if (!run.machine.withAi()) {
    for (const t of turns) remember(run, t);
    return turns.length;
  }
  const records: AiTurnRecord[] = [];
  let handover: { turn: PendingTurn; decision: EscalationDecision } | null = null;
  let taken = 0;
  for (const [k, turn] of turns.entries()) {
    remember(run, turn);
    taken++;
    const { decision, record } = decide(run, turn, replies[k], p);
    records.push(record);
    if (!record.reply) {
      handover = { turn, decision };
      break;
    }
    // Later answers in the burst read the patience this one leaves (as the next turn would have).
    state.aiTurnsOnProblem = decision.aiTurnsOnProblem;
  }
  await durableStore.recordAiTurns({ turns: records });
  state.aiReplies += records.filter((r) => r.reply).length;
  if (handover) await settle(run, handover.turn, replies[taken - 1], handover.decision);
  return taken;
}

function remember(run: ConversationRun, turn: PendingTurn): void {
  run.state.recentTurns.push(turn.body);
  if (run.state.recentTurns.length > RECENT_TURNS_KEPT) run.state.recentTurns.shift();
}

async function aiUnavailable(run: ConversationRun, turn: PendingTurn, error: unknown): Promise<void> {
  log.warn('AI unavailable after bounded retries', { conversationId: run.input.conversationId, error: String(error) });
  const evaluation: TriggerEvaluation = {
    kind: 'AI_UNAVAILABLE',
    fired: true,
    score: null,
    threshold: null,
    evidence: 'the AI could not answer after bounded retries',
  };
  await run.escalate('AI_UNAVAILABLE', [evaluation], {}, turn.messageId, true);
}

/** The escalation decision over one turn's analysis, and what to store for it: the audit event, and the reply if the AI keeps the conversation. */
function decide(run: ConversationRun, turn: PendingTurn, reply: TurnResult, p: PolicySnapshot) {
  const conversationId = run.input.conversationId;
  const tier = run.tier();
  const decision = decideEscalation(reply.signals, p.document, tier, run.state.aiTurnsOnProblem);
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
  const stays = !(decision.escalate && decision.reason);
  const aiReply = {
    conversationId,
    authorKind: AuthorKind.AI,
    body: reply.answer,
    ai: { confidence: reply.confidence, sources: reply.sources, inReplyToSeq: turn.seq },
    clientMessageId: `ai-reply-${turn.messageId}`,
  };
  return { decision, record: { decision: decisionRecord, reply: stays ? aiReply : null } satisfies AiTurnRecord };
}

/** After a turn's record is stored: the handoff when the decision hands over, otherwise the AI's counters move on. */
async function settle(run: ConversationRun, turn: PendingTurn, reply: TurnResult, decision: EscalationDecision) {
  if (decision.escalate && decision.reason) {
    await run.escalate(
      decision.reason,
      decision.evaluations,
      { category: decision.category, confidence: reply.confidence, sentiment: -reply.signals.frustration.score },
      turn.messageId,
    );
    return;
  }
  run.state.aiTurnsOnProblem = decision.aiTurnsOnProblem;
  run.state.aiReplies++;
}
