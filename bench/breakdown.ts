import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActivationCounts } from './activation-counter';
import { Client, Connection } from '@temporalio/client';
import { benchCodec } from './codec';
import { conversationWorkflowId, customerMessageUpdateId } from '../src/temporal/ids';
import { createDataSource } from '../src/db/data-source';
import { ConversationStore } from '../src/services/conversation-store';
import {
  customerMessageStoredSignal,
  sendCustomerMessageUpdate,
} from '../workflows/conversation/conversation.messages';
import { gql } from './app-client';
import type { CommitClock } from './commit-clock';
import type { BenchContext } from './conversations';
import { questionFor } from './questions';
import { percentiles, type Percentiles } from './report';

type Sums = Map<string, { sum: number; count: number }>;

/** support_activity_duration_seconds from the worker's /metrics: per activity type (outcome ok), sum and count. */
async function activitySums(url: string): Promise<Sums> {
  const text = await (await fetch(url)).text();
  const out: Sums = new Map();
  const line = /^support_activity_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    const type = /activity_type="([^"]+)"/.exec(m[2])?.[1];
    if (!type || !/outcome="ok"/.test(m[2])) continue;
    const e = out.get(type) ?? { sum: 0, count: 0 };
    e[m[1] as 'sum' | 'count'] += Number(m[3]);
    out.set(type, e);
  }
  return out;
}

/** Mean ms per call of each activity type between two scrapes. */
function meansBetween(a: Sums, b: Sums): Record<string, { calls: number; meanMs: number }> {
  const out: Record<string, { calls: number; meanMs: number }> = {};
  for (const [type, e] of b) {
    const calls = e.count - (a.get(type)?.count ?? 0);
    if (calls <= 0) continue;
    out[type] = { calls, meanMs: Math.round(((e.sum - (a.get(type)?.sum ?? 0)) / calls) * 10000) / 10 };
  }
  return out;
}

export interface Breakdown {
  /** One conversation, one request at a time: HTTP sends, the API's steps straight, and direct Updates interleaved. */
  samples: number;
  ack: {
    /** GET /healthz: the HTTP floor. */
    healthzMs: Percentiles;
    /** `{ me { id role } }`: HTTP + token check + GraphQL, no I/O. */
    meQueryMs: Percentiles;
    /** sendMessage over HTTP (rate limit, token, GraphQL, the store statement, the signal). */
    sendMessageMs: Percentiles;
    /** The message path's store, straight: the one statement the API runs (persistCustomerMessage). */
    storeStatementMs: Percentiles;
    /** The message path's signal (customerMessageStored), straight from a Temporal client. */
    signalMs: Percentiles;
    /**
     * The path before it (still served for older runs): the message as a Workflow Update straight from a Temporal
     * client, its store in a local activity included.
     */
    updateRoundTripMs: Percentiles;
    /** That path's store in the local activity (persistMessage), mean. */
    storeLocalActivityMs: number;
    /** sendMessage p50 − store p50 − signal p50: what HTTP, auth, the rate limit and GraphQL add. */
    httpAuthGraphqlMs: number;
  };
  aiTurn: {
    /** From the acknowledgement to the answer on messageAdded. */
    afterAckMs: Percentiles;
    /** The analysis and answer (generateAiReply), mean. */
    analysisMs: number;
    /** Decision and reply in one statement (recordAiTurn), mean. */
    storeMs: number;
    /** The reply's commit to its arrival on the subscription. */
    fanoutMs: Percentiles;
    /** What remains: workflow tasks, activity dispatch, the Temporal round trips (after-ack p50 − the parts). */
    workflowTasksAndDispatchMs: number;
  };
  /** Mean duration per activity type during the phase (local activities included). */
  activities: Record<string, { calls: number; meanMs: number }>;
  /** History events one customer message with its AI turn adds to the conversation's workflow. */
  historyEventsPerMessage: number;
  /**
   * BENCH_ACTIVATIONS=1: per customer message with its AI turn, the worker's activations, its calls into the workflow
   * sandbox (each paying the `isolateExecutionTimeout` watchdog) and the activation jobs by kind.
   */
  perMessage?: { activations: number; sandboxCalls: number; jobs: Record<string, number> };
}

/** The worker's activation counts now (written every 100 ms: wait for the last activation's to land). */
async function activationCounts(file: string | null): Promise<ActivationCounts | null> {
  if (!file) return null;
  await sleep(300);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ActivationCounts) : null;
}

function countsPerMessage(a: ActivationCounts, b: ActivationCounts, messages: number): Breakdown['perMessage'] {
  const per = (x: number) => Math.round((x / messages) * 100) / 100;
  const sum = (m: Record<string, number>) => Object.values(m).reduce((s, n) => s + n, 0);
  const jobs: Record<string, number> = {};
  for (const [k, n] of Object.entries(b.jobs)) if (n > (a.jobs[k] ?? 0)) jobs[k] = per(n - (a.jobs[k] ?? 0));
  return { activations: per(b.activations - a.activations), sandboxCalls: per(sum(b.calls) - sum(a.calls)), jobs };
}

/** Where the acknowledgement's and the AI turn's time goes, at one conversation, on a quiet system. */
export async function breakdown(ctx: BenchContext, clock: CommitClock, samples: number): Promise<Breakdown> {
  const [conv] = await ctx.prestart(1);
  const connection = await Connection.connect({ address: ctx.sys.temporalAddress });
  // Our conversation's payloads are encrypted: the direct Updates go through the codec our API uses.
  const { codec, close } = benchCodec(ctx.sys.databaseUrl);
  const handle = new Client({ connection, dataConverter: { payloadCodecs: [codec] } }).workflow.getHandle(
    conversationWorkflowId(conv.id),
  );
  const ds = createDataSource(ctx.sys.databaseUrl, { poolSize: 2, applicationName: 'bench-breakdown' });
  await ds.initialize();
  const store = new ConversationStore(ds);
  const storeTimes: number[] = [];
  const signalTimes: number[] = [];
  const health: number[] = [];
  const me: number[] = [];
  const http: number[] = [];
  const update: number[] = [];
  const afterAck: number[] = [];
  const fanout: number[] = [];
  try {
    for (let i = 0; i < samples + 5; i++) {
      const t0 = performance.now();
      await (await fetch(`http://127.0.0.1:${ctx.port}/healthz`)).text();
      const t1 = performance.now();
      await gql(ctx.port, conv.token, '{ me { id role } }');
      if (i < 5) continue; // warm-up
      health.push(t1 - t0);
      me.push(performance.now() - t1);
    }
    const before = await activitySums(ctx.sys.workerMetricsUrl);
    const counts0 = await activationCounts(ctx.sys.activationsFile);
    const history0 = (await handle.describe()).historyLength ?? 0;
    let messages = 0;
    for (let i = 0; i < samples; i++) {
      const body = questionFor(conv.topicOffset, 100 + i);
      let seq: number;
      let ackAt: number;
      if (i % 3 === 0) {
        const sent = await ctx.send(conv, body);
        http.push(sent.t1 - sent.t0);
        seq = sent.seq;
        ackAt = sent.t1;
      } else if (i % 3 === 1) {
        // The API's two steps, timed apart.
        const clientMessageId = randomUUID();
        const t0 = performance.now();
        const stored = (await store.persistCustomerMessage({
          conversationId: conv.id,
          authorId: conv.customerId,
          body,
          clientMessageId,
        }))!;
        const t1 = performance.now();
        await handle.signal(customerMessageStoredSignal, {
          messageId: stored.messageId,
          seq: stored.seq,
          body,
          clientMessageId,
        });
        ackAt = performance.now();
        storeTimes.push(t1 - t0);
        signalTimes.push(ackAt - t1);
        seq = stored.seq;
      } else {
        const clientMessageId = randomUUID();
        const t0 = performance.now();
        const stored = await handle.executeUpdate(sendCustomerMessageUpdate, {
          args: [{ clientMessageId, body }],
          updateId: customerMessageUpdateId(clientMessageId),
        });
        ackAt = performance.now();
        update.push(ackAt - t0);
        seq = stored.seq;
      }
      messages++;
      const reply = await conv.replyAfter(seq);
      afterAck.push(reply.at - ackAt);
      const committed = clock.committedAt(reply.id);
      if (committed !== undefined) fanout.push(reply.at - committed);
    }
    const history1 = (await handle.describe()).historyLength ?? 0;
    const counts1 = await activationCounts(ctx.sys.activationsFile);
    const activities = meansBetween(before, await activitySums(ctx.sys.workerMetricsUrl));
    const sendMessageMs = percentiles(http);
    const updateRoundTripMs = percentiles(update);
    const after = percentiles(afterAck);
    const fan = percentiles(fanout);
    const analysisMs = activities.generateAiReply?.meanMs ?? NaN;
    const storeMs = activities.recordAiTurn?.meanMs ?? NaN;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return {
      samples,
      ack: {
        healthzMs: percentiles(health),
        meQueryMs: percentiles(me),
        sendMessageMs,
        storeStatementMs: percentiles(storeTimes),
        signalMs: percentiles(signalTimes),
        updateRoundTripMs,
        storeLocalActivityMs: activities.persistMessage?.meanMs ?? NaN,
        httpAuthGraphqlMs: r1(sendMessageMs.p50 - percentiles(storeTimes).p50 - percentiles(signalTimes).p50),
      },
      aiTurn: {
        afterAckMs: after,
        analysisMs,
        storeMs,
        fanoutMs: fan,
        workflowTasksAndDispatchMs: r1(after.p50 - analysisMs - storeMs - fan.p50),
      },
      activities,
      historyEventsPerMessage: r1((history1 - history0) / messages),
      ...(counts0 && counts1 ? { perMessage: countsPerMessage(counts0, counts1, messages) } : {}),
    };
  } finally {
    conv.unsubscribe();
    await ds.destroy().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await close().catch(() => undefined);
  }
}
