import { CLAIM, gql, QUEUE_CHANGED, tokenFor } from './app-client';
import type { BenchContext } from './conversations';
import { InspectedProcess } from './inspector';
import { ESCALATING_QUESTION } from './questions';
import { percentiles, pool, progress, sleep, type Percentiles } from './report';
import { rssBytes } from './system';

const MB = 1024 * 1024;

export interface MemoryResult {
  idleConversations: number;
  workerRssMbBefore: number;
  workerRssMb1000Idle: number;
  apiRssMbBefore: number;
  apiRssMb: number;
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
}

/**
 * Opens `n` conversations (startConversation at `concurrency`), waits until the AI has answered each, and leaves them
 * waiting for the customer; the worker's and the API's RSS before and after. The starts double as the start-rate
 * measurement. Without subscriptions: a widget that was closed after its answer. The worker's growth is read as it
 * is (garbage included) and with a full GC forced in its isolates at both readings (bench/idle-memory.ts measures the
 * same in more detail).
 */
export async function memoryAndStarts(ctx: BenchContext, n: number, concurrency: number): Promise<MemoryResult> {
  await sleep(2000);
  const workerBefore = rssBytes(ctx.sys.worker.pid);
  const inspected = await InspectedProcess.connect(ctx.sys.workerInspectPort);
  await inspected.collectGarbage();
  const workerBeforeGc = rssBytes(ctx.sys.worker.pid);
  const heapsBefore = await inspected.heaps();
  const apiBefore = rssBytes(ctx.sys.api.pid);
  const convs = ctx.newConversations(n);
  const startMs: number[] = [];
  const started: string[] = [];
  const t0 = performance.now();
  let failures = 0;
  await pool(n, concurrency, async (i) => {
    try {
      startMs.push(await ctx.start(convs[i]));
      started.push(convs[i].id);
    } catch (err) {
      if (++failures <= 3) progress(`  start: ${String(err)}`);
    }
    if ((i + 1) % 500 === 0) progress(`  ${i + 1}/${n} conversations started`);
  });
  const startSeconds = (performance.now() - t0) / 1000;
  // A start that failed even after its resends never began: only the started ones are waited for.
  const ids = started;
  const answered = await ctx.waitAnswered(ids, 240_000);
  const answeredWithinS = (performance.now() - t0) / 1000;
  if (answered < n) progress(`  ${answered}/${n} conversations answered (${failures} starts failed)`);
  await sleep(3000); // the last workflow tasks complete and the caches settle
  const workerAfter = rssBytes(ctx.sys.worker.pid);
  const apiAfter = rssBytes(ctx.sys.api.pid);
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
    bytesPerIdleConversation: perConversation(workerBefore, workerAfter),
    bytesPerIdleConversationAfterGc: perConversation(workerBeforeGc, workerAfterGc),
    workflowHeapBytesPerIdleConversation: heapGrowth(false),
    mainHeapBytesPerIdleConversation: heapGrowth(true),
    startsPerSecond: Math.round((startMs.length / startSeconds) * 10) / 10,
    startMs: percentiles(startMs),
    answeredWithinS: Math.round(answeredWithinS * 10) / 10,
    startFailures: failures,
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
