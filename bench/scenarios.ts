import type { BenchConversation } from './app-client';
import type { BenchContext } from './conversations';
import { questionFor } from './questions';
import { cpuPercentBetween, inParallel, percentiles, progress, type Percentiles } from './report';
import { benchCpuSeconds, cpuSeconds, postgresCpuSeconds } from './system';

export interface InteractiveResult {
  ackMs: Percentiles;
  aiReplyMs: Percentiles;
  messages: number;
  errors: number;
  conversationIds: string[];
}

/**
 * Customers chatting: each of `c` conversations sends a question, gets its acknowledgement (ackMs), waits for the
 * AI's answer on messageAdded (aiReplyMs, from the moment it pressed Send), then asks the next one.
 */
export async function interactive(ctx: BenchContext, c: number, durationMs: number): Promise<InteractiveResult> {
  const convs = await ctx.prestart(c);
  const ack: number[] = [];
  const ai: number[] = [];
  let errors = 0;
  const turn = async (conv: BenchConversation, i: number, record: boolean) => {
    try {
      const sent = await ctx.send(conv, questionFor(conv.topicOffset, i));
      const reply = await conv.replyAfter(sent.seq);
      if (record) {
        ack.push(sent.t1 - sent.t0);
        ai.push(reply.at - sent.t0);
      }
    } catch (err) {
      errors++;
      if (errors <= 3) progress(`  c${c}: ${String(err)}`);
    }
  };
  // One unrecorded turn each: connections, caches and the JIT warm up.
  await inParallel(c, (k) => turn(convs[k], 1, false));
  const end = performance.now() + durationMs;
  await inParallel(c, async (k) => {
    for (let i = 2; performance.now() < end; i++) await turn(convs[k], i, true);
  });
  return {
    ackMs: percentiles(ack),
    aiReplyMs: percentiles(ai),
    messages: ack.length,
    errors,
    conversationIds: convs.map((x) => x.id),
  };
}

export interface SustainedResult {
  conversations: number;
  seconds: number;
  /** Messages acknowledged per second. */
  messagesPerSecond: number;
  /**
   * AI answers per second over the same window. The acknowledgement no longer waits for a workflow task, so senders
   * that go on at each acknowledgement can outrun the AI: the rate "with AI turns" is the lower of the two.
   */
  answeredPerSecond: number;
  acknowledged: number;
  failedSends: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  ackMs: Percentiles;
  aiRepliesByCheck: number;
  aiBacklogAtEnd: number;
  /** Share of one core each process used during the load (200 = both cores of this machine). */
  cpuPercent: Record<string, number>;
}

/** CPU seconds so far of each process of the system (`postgres`: every PostgreSQL process of this machine too). */
export function cpuNow(ctx: BenchContext, { postgres = false } = {}): Record<string, number> {
  return {
    ...(postgres && { postgres: postgresCpuSeconds() }),
    worker: cpuSeconds(ctx.sys.worker.pid),
    ...(ctx.sys.extraWorkers.length > 0 && {
      otherWorkers: ctx.sys.extraWorkers.reduce((n, w) => n + cpuSeconds(w.pid), 0),
    }),
    api: cpuSeconds(ctx.sys.api.pid),
    api2: cpuSeconds(ctx.sys.api2.pid),
    temporal: cpuSeconds(ctx.sys.temporalPid),
    bench: benchCpuSeconds(),
  };
}

/**
 * 50 conversations, each sending its next message as soon as the previous one is acknowledged, for `durationMs`.
 * Then PostgreSQL is checked: every acknowledged message stored exactly once, under the seq it was acknowledged
 * with, in the order it was sent. The AI answers whatever it can meanwhile; its backlog is dropped by closing.
 */
export async function sustained(ctx: BenchContext, n: number, durationMs: number): Promise<SustainedResult> {
  const convs = await ctx.prestart(n);
  const acked = new Map<string, Array<{ clientMessageId: string; seq: number }>>(convs.map((c) => [c.id, []]));
  const ackMs: number[] = [];
  let failedSends = 0;
  const cpu0 = cpuNow(ctx);
  const t0 = performance.now();
  const end = t0 + durationMs;
  let lastReport = t0;
  await inParallel(n, async (k) => {
    const conv = convs[k];
    for (let i = 1; performance.now() < end; i++) {
      try {
        const sent = await ctx.send(conv, questionFor(conv.topicOffset, i));
        acked.get(conv.id)!.push({ clientMessageId: sent.clientMessageId, seq: sent.seq });
        ackMs.push(sent.t1 - sent.t0);
      } catch (err) {
        failedSends++;
        if (failedSends <= 3) progress(`  sustained: ${String(err)}`);
      }
      if (k === 0 && performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        progress(`  sustained: ${ackMs.length} acknowledged after ${((lastReport - t0) / 1000).toFixed(0)} s`);
      }
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuNow(ctx);
  const cpuPercent = cpuPercentBetween(cpu0, cpu1, seconds);
  const ids = convs.map((c) => c.id);

  const rows = (
    await ctx.pg.query(
      `SELECT conversation_id, client_message_id, seq, author_kind FROM messages WHERE conversation_id = ANY($1::uuid[]) ORDER BY conversation_id, seq`,
      [ids],
    )
  ).rows as Array<{ conversation_id: string; client_message_id: string | null; seq: number; author_kind: string }>;
  const stored = new Map<string, number[]>();
  let aiReplies = 0;
  for (const r of rows) {
    if (r.author_kind !== 'CUSTOMER') {
      aiReplies++;
      continue;
    }
    const key = `${r.conversation_id}/${r.client_message_id}`;
    stored.set(key, [...(stored.get(key) ?? []), r.seq]);
  }
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let acknowledged = 0;
  for (const [id, list] of acked) {
    let prev = 1; // seq 1 is the first question, sent by startConversation
    for (const m of list) {
      acknowledged++;
      const seqs = stored.get(`${id}/${m.clientMessageId}`) ?? [];
      if (seqs.length === 0) lost++;
      if (seqs.length > 1) duplicated += seqs.length - 1;
      if (seqs.length > 0 && (seqs[0] !== m.seq || m.seq <= prev)) outOfOrder++;
      prev = m.seq;
    }
  }
  const customerTurns = acknowledged + convs.length;
  if (process.env.BENCH_BURSTS === '1') {
    const b = (
      await ctx.pg.query(
        `SELECT conversation_id, created_at, count(*)::int AS n FROM messages WHERE conversation_id = ANY($1::uuid[])
         AND author_kind = 'AI' GROUP BY 1, 2 ORDER BY 1, 2`,
        [ids],
      )
    ).rows as Array<{ conversation_id: string; created_at: Date; n: number }>;
    const sizes = new Map<number, number>();
    const gaps: number[] = [];
    let prev: { id: string; t: number } | null = null;
    for (const r of b) {
      sizes.set(r.n, (sizes.get(r.n) ?? 0) + 1);
      if (prev && prev.id === r.conversation_id) gaps.push(r.created_at.getTime() - prev.t);
      prev = { id: r.conversation_id, t: r.created_at.getTime() };
    }
    progress(`  bursts by size: ${JSON.stringify([...sizes].sort((x, y) => x[0] - y[0]))}`);
    progress(`  gap between a conversation's bursts: ${JSON.stringify(percentiles(gaps))}`);
  }
  // Closing a conversation drops the turns the AI has not reached yet, so the next phase starts quiet.
  await inParallel(Math.min(10, n), async (k) => {
    for (let i = k; i < convs.length; i += 10) {
      await ctx.close(convs[i]).catch((err) => progress(`  close: ${String(err)}`));
    }
  });
  return {
    conversations: n,
    seconds: Math.round(seconds * 10) / 10,
    messagesPerSecond: Math.round((acknowledged / seconds) * 10) / 10,
    answeredPerSecond: Math.round(((aiReplies - convs.length) / seconds) * 10) / 10,
    acknowledged,
    failedSends,
    lost,
    duplicated,
    outOfOrder,
    ackMs: percentiles(ackMs),
    aiRepliesByCheck: aiReplies - convs.length,
    aiBacklogAtEnd: Math.max(0, customerTurns - aiReplies),
    cpuPercent,
  };
}
