import { randomUUID } from 'node:crypto';
import { CLAIM, gql, QUEUE_CHANGED, tokenFor } from './app-client';
import type { BenchConversation } from './app-client';
import type { BenchContext } from './conversations';
import { InspectedProcess } from './inspector';
import { ESCALATING_QUESTION, questionFor } from './questions';
import { cpuMsPer, percentiles, pool, progress, sleep, type Percentiles } from './report';
import { cpuNow } from './scenarios';
import { rssBytes } from './system';

const MB = 1024 * 1024;

export interface MemoryResult {
  idleConversations: number;
  workerRssMbBefore: number;
  workerRssMb1000Idle: number;
  apiRssMbBefore: number;
  apiRssMb: number;
  /** The same after a full GC forced in the API: what its growth holds besides garbage not yet collected. */
  apiRssMbAfterGc: number;
  bytesPerIdleConversation: number;
  /** The same growth with a full GC forced in the worker's isolates at both readings (no garbage of the starts). */
  bytesPerIdleConversationAfterGc: number;
  /** Of that, the growth of the workflow thread's V8 heap (the cached workflows) and of the main thread's. */
  workflowHeapBytesPerIdleConversation: number;
  mainHeapBytesPerIdleConversation: number;
  startsPerSecond: number;
  startMs: Percentiles;
  answeredWithinS: number;
  /** Starts that failed even after their resends (UNAVAILABLE three times). */
  startFailures: number;
  /**
   * CPU milliseconds per start by process, from the first start until every conversation had its answer (the first
   * AI turn counts: a start is not done before it): where a start's cost goes, beside the raw start's.
   */
  startCpuMs: Record<string, number>;
}

/**
 * Opens `n` conversations (startConversation at `concurrency`), waits until the AI has answered each, and leaves them
 * waiting for the customer; the worker's and the API's RSS before and after. The starts double as the start-rate
 * measurement. Without subscriptions: a widget that was closed after its answer. The worker's growth is read as it
 * is (garbage included) and with a full GC forced in its isolates at both readings (bench/idle-memory.ts measures the
 * same in more detail).
 */
export async function memoryAndStarts(
  ctx: BenchContext,
  n: number,
  concurrency: number,
): Promise<MemoryResult & { started: BenchConversation[] }> {
  await sleep(2000);
  const workerBefore = rssBytes(ctx.sys.worker.pid);
  const inspected = await InspectedProcess.connect(ctx.sys.workerInspectPort);
  await inspected.collectGarbage();
  const workerBeforeGc = rssBytes(ctx.sys.worker.pid);
  const heapsBefore = await inspected.heaps();
  const apiBefore = rssBytes(ctx.sys.api.pid);
  const convs = ctx.newConversations(n);
  const startMs: number[] = [];
  const started: BenchConversation[] = [];
  const cpu0 = cpuNow(ctx, { postgres: true });
  const t0 = performance.now();
  let failures = 0;
  await pool(n, concurrency, async (i) => {
    try {
      startMs.push(await ctx.start(convs[i]));
      started.push(convs[i]);
    } catch (err) {
      if (++failures <= 3) progress(`  start: ${String(err)}`);
    }
    if ((i + 1) % 500 === 0) progress(`  ${i + 1}/${n} conversations started`);
  });
  const startSeconds = (performance.now() - t0) / 1000;
  // A start that failed even after its resends never began: only the started ones are waited for.
  const ids = started.map((c) => c.id);
  const answered = await ctx.waitAnswered(ids, 240_000);
  const answeredWithinS = (performance.now() - t0) / 1000;
  const startCpuMs = cpuMsPer(cpu0, cpuNow(ctx, { postgres: true }), started.length);
  if (answered < n) progress(`  ${answered}/${n} conversations answered (${failures} starts failed)`);
  await sleep(3000); // the last workflow tasks complete and the caches settle
  const workerAfter = rssBytes(ctx.sys.worker.pid);
  const apiAfter = rssBytes(ctx.sys.api.pid);
  const apiInspected = await InspectedProcess.connect(ctx.sys.apiInspectPort);
  await apiInspected.collectGarbage();
  apiInspected.close();
  const apiAfterGc = rssBytes(ctx.sys.api.pid);
  await inspected.collectGarbage();
  const workerAfterGc = rssBytes(ctx.sys.worker.pid);
  const heapsAfter = await inspected.heaps();
  inspected.close();
  const perConversation = (before: number, after: number) => Math.round((after - before) / Math.max(1, answered));
  const heapGrowth = (main: boolean) => {
    const i = heapsAfter.findIndex((h) => (h.title === 'main') === main);
    return i < 0 ? NaN : perConversation(heapsBefore[i]?.usedBytes ?? 0, heapsAfter[i].usedBytes);
  };
  return {
    idleConversations: answered,
    workerRssMbBefore: Math.round(workerBefore / MB),
    workerRssMb1000Idle: Math.round(workerAfter / MB),
    apiRssMbBefore: Math.round(apiBefore / MB),
    apiRssMb: Math.round(apiAfter / MB),
    apiRssMbAfterGc: Math.round(apiAfterGc / MB),
    bytesPerIdleConversation: perConversation(workerBefore, workerAfter),
    bytesPerIdleConversationAfterGc: perConversation(workerBeforeGc, workerAfterGc),
    workflowHeapBytesPerIdleConversation: heapGrowth(false),
    mainHeapBytesPerIdleConversation: heapGrowth(true),
    startsPerSecond: Math.round((startMs.length / startSeconds) * 10) / 10,
    startMs: percentiles(startMs),
    answeredWithinS: Math.round(answeredWithinS * 10) / 10,
    startFailures: failures,
    startCpuMs,
    started,
  };
}

export interface WakeResult {
  /** Idle conversations sent a second question, long after their first answer. */
  woken: number;
  acknowledged: number;
  /** Acknowledged questions stored once each, and those stored not at all or twice. */
  stored: number;
  lost: number;
  duplicated: number;
  /** Woken conversations with an answer to the second question within the wait. */
  answered: number;
  answeredWithinS: number;
}

/**
 * Idle conversations wake: `n` of them, out of the worker's cache since it restarted with the default one (their
 * runs are replayed from history to take the message), each get a second question. Every acknowledged question is
 * stored once and answered.
 */
export async function wakeIdle(
  ctx: BenchContext,
  idle: BenchConversation[],
  n: number,
  concurrency: number,
): Promise<WakeResult> {
  // Conversations the AI still has (a first question may have been handed to a person): the AI answers their next.
  const withAi = new Set(
    (
      (
        await ctx.pg.query(`SELECT id FROM conversations WHERE id = ANY($1::uuid[]) AND status = 'AI_ACTIVE'`, [
          idle.map((c) => c.id),
        ])
      ).rows as Array<{ id: string }>
    ).map((r) => r.id),
  );
  const woken = idle.filter((c) => withAi.has(c.id)).slice(0, n);
  const acked = new Map<string, string>();
  const t0 = performance.now();
  await pool(woken.length, concurrency, async (i) => {
    const c = woken[i];
    const clientMessageId = randomUUID(); // the same on a resend, as the widget does
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await ctx.send(c, questionFor(c.topicOffset, 1), clientMessageId);
        acked.set(c.id, clientMessageId);
        return;
      } catch (err) {
        if (attempt === 3 || !String(err).includes('UNAVAILABLE')) progress(`  wake: ${String(err)}`);
      }
    }
  });
  const ids = woken.map((c) => c.id);
  const answeredNow = async () =>
    (
      (
        await ctx.pg.query(
          `SELECT count(DISTINCT w.conversation_id)::int AS n FROM messages w
           JOIN messages a ON a.conversation_id = w.conversation_id AND a.seq > w.seq AND a.author_kind <> 'CUSTOMER'
           WHERE w.conversation_id = ANY($1::uuid[]) AND w.client_message_id = ANY($2::varchar[])`,
          [ids, [...acked.values()]],
        )
      ).rows[0] as { n: number }
    ).n;
  let answered = await answeredNow();
  for (const deadline = Date.now() + 120_000; answered < acked.size && Date.now() < deadline;) {
    await sleep(250);
    answered = await answeredNow();
  }
  const answeredWithinS = Math.round(((performance.now() - t0) / 1000) * 10) / 10;
  const rows = (
    await ctx.pg.query(
      `SELECT conversation_id, count(*)::int AS n FROM messages
       WHERE conversation_id = ANY($1::uuid[]) AND client_message_id = ANY($2::varchar[]) GROUP BY conversation_id`,
      [ids, [...acked.values()]],
    )
  ).rows as Array<{ conversation_id: string; n: number }>;
  const storedTimes = new Map(rows.map((r) => [r.conversation_id, r.n]));
  const ackedIds = [...acked.keys()];
  return {
    woken: woken.length,
    acknowledged: ackedIds.length,
    stored: ackedIds.filter((id) => storedTimes.get(id) === 1).length,
    lost: ackedIds.filter((id) => !storedTimes.has(id)).length,
    duplicated: ackedIds.filter((id) => (storedTimes.get(id) ?? 0) > 1).length,
    answered,
    answeredWithinS,
  };
}

export interface EscalationResult {
  samples: number;
  messageToQueueEventMs: Percentiles;
  escalationToQueueEventMs: Percentiles;
  claimMs: Percentiles;
  failures: number;
}

interface QueueEvent {
  agentQueueChanged: {
    change: string;
    conversation: { id: string; status: string; escalation: { at: string } | null };
  };
}

/**
 * A customer asks for a person (as the first message, so the AI analyses it and the workflow escalates); an agent
 * subscribed to agentQueueChanged sees it; then claims it. Sequential samples.
 */
export async function escalation(ctx: BenchContext, samples: number): Promise<EscalationResult> {
  const agent = 'agt-1';
  const events = new Map<string, { at: number; wall: number; escalatedAt: string | null }>();
  let wake: (() => void) | null = null;
  const dispose = ctx.socketFor('agent', agent).subscribe<QueueEvent>(
    { query: QUEUE_CHANGED },
    {
      next: (v) => {
        const e = v.data?.agentQueueChanged;
        if (!e || e.conversation.status !== 'AWAITING_AGENT' || events.has(e.conversation.id)) return;
        events.set(e.conversation.id, {
          at: performance.now(),
          wall: Date.now(),
          escalatedAt: e.conversation.escalation?.at ?? null,
        });
        wake?.();
      },
      error: (err) => progress(`  agentQueueChanged: ${String(err)}`),
      complete: () => undefined,
    },
  );
  await sleep(500);
  const toEvent: number[] = [];
  const fromEscalation: number[] = [];
  const claim: number[] = [];
  let failures = 0;
  try {
    await pool(samples, 1, async () => {
      const [conv] = ctx.newConversations(1);
      try {
        const t0 = performance.now();
        await ctx.start(conv, ESCALATING_QUESTION);
        const deadline = t0 + 20_000;
        while (!events.has(conv.id) && performance.now() < deadline) {
          await new Promise<void>((r) => {
            const t = setTimeout(r, 200);
            wake = () => {
              clearTimeout(t);
              r();
            };
          });
        }
        const e = events.get(conv.id);
        if (!e) throw new Error(`no agentQueueChanged for ${conv.id} within 20 s`);
        toEvent.push(e.at - t0);
        if (e.escalatedAt) fromEscalation.push(e.wall - Date.parse(e.escalatedAt));
        const c0 = performance.now();
        await gql(ctx.port, tokenFor('agent', agent), CLAIM, { id: conv.id });
        claim.push(performance.now() - c0);
      } catch (err) {
        if (++failures <= 3) progress(`  escalation: ${String(err)}`);
      }
    });
  } finally {
    dispose();
  }
  return {
    samples: claim.length,
    messageToQueueEventMs: percentiles(toEvent),
    escalationToQueueEventMs: percentiles(fromEscalation),
    claimMs: percentiles(claim),
    failures,
  };
}
