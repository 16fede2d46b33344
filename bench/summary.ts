import type { Breakdown } from './breakdown';
import type { SustainedResult } from './scenarios';
import type { WakeResult } from './memory-escalation';
import type { FanoutResult } from './fanout';
import { fmt, table, type Percentiles } from './report';
import type { Target, TargetInputs } from './targets';

export interface Summarised extends TargetInputs {
  quick: boolean;
  baseline: TargetInputs['baseline'] & {
    updatesPerSecond: Record<string, number>;
    updateWithStartMs: Record<string, Percentiles>;
    startsConcurrency: number;
    historyEventsPerUpdate: number;
    /** Raw updates/s at c50 measured again just before the sustained phase (absent in older results). */
    updatesPerSecondC50BesideSustained?: number;
    startCpuMs?: Record<string, number>;
  };
  historyEventsPerMessage: number;
  breakdown: Breakdown;
  fanout: FanoutResult;
  ackMs: Record<string, Percentiles>;
  aiReplyMs: Record<string, Percentiles>;
  interactiveErrors: Record<string, number>;
  startMs: Percentiles;
  /** CPU ms per start by process, ours and raw (absent in older results). */
  startCpuMs?: Record<string, number>;
  sustained: SustainedResult;
  memory: {
    idleConversations: number;
    workerRssMbBefore: number;
    workerRssMb1000Idle: number;
    apiRssMbBefore: number;
    apiRssMb: number;
    apiRssMbAfterGc?: number;
    bytesPerIdleConversation: number;
    bytesPerIdleConversationAfterGc?: number;
    workflowHeapBytesPerIdleConversation?: number;
    mainHeapBytesPerIdleConversation?: number;
    answeredWithinS: number;
    /** The malloc the worker and the API ran with (bench/allocator.ts); older results: glibc's. */
    allocator?: 'jemalloc' | 'glibc';
    workerCache: number;
    /** Idle conversations woken after the phases that followed (older results: absent). */
    woken?: WakeResult;
  };
  escalation: {
    samples: number;
    messageToQueueEventMs: Percentiles;
    escalationToQueueEventMs: Percentiles;
    claimMs: Percentiles;
    failures: number;
  };
  machine: string;
  at: string;
}

const pct = (p: Percentiles | undefined, keys: Array<keyof Percentiles> = ['p50', 'p95', 'p99']) =>
  p ? keys.map((k) => fmt(p[k])).join(' / ') : '—';

export function printReport(r: Summarised & { targets: Target[]; durationS: number }): string {
  const levels = Object.keys(r.ackMs);
  const latency = table(
    ['latency, ms', ...levels.map((c) => `${c} (p50 / p95 / p99)`)],
    [
      ['baseline: Update + local activity', ...levels.map((c) => pct(r.baseline.updateLocalActivityMs[c]))],
      ['baseline: update-with-start', ...levels.map((c) => pct(r.baseline.updateWithStartMs[c]))],
      ['ack: sendMessage over HTTP', ...levels.map((c) => pct(r.ackMs[c]))],
      ['AI reply on messageAdded', ...levels.map((c) => pct(r.aiReplyMs[c]))],
      [
        'ack p50 ÷ baseline p50',
        ...levels.map((c) => `${fmt(r.ackMs[c].p50 / r.baseline.updateLocalActivityMs[c].p50, 2)}×`),
      ],
      ['baseline updates/s', ...levels.map((c) => fmt(r.baseline.updatesPerSecond[c], 0))],
      ['interactive errors', ...levels.map((c) => String(r.interactiveErrors[c] ?? 0))],
    ],
  );
  const cpuParts = (c: Record<string, number>) =>
    `${fmt(c.total)} (${Object.entries(c)
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')})`;
  const s = r.sustained;
  const m = r.memory;
  const e = r.escalation;
  const other = table(
    ['measure', 'value'],
    [
      [
        'startConversation',
        `${fmt(r.startsPerSecond)}/s at ${r.baseline.startsConcurrency} concurrent ` +
          `(raw update-with-start ${fmt(r.baseline.startsPerSecond)}/s); p50/p95/p99 ${pct(r.startMs)} ms`,
      ],
      ...(r.startCpuMs && r.baseline.startCpuMs
        ? [['CPU ms per start, ours / raw', `${cpuParts(r.startCpuMs)} / ${cpuParts(r.baseline.startCpuMs)}`]]
        : []),
      [
        'first AI answer, prefetched / cold',
        `p50/p95 ${pct(r.firstReplyMs.prefetched, ['p50', 'p95'])} / ${pct(r.firstReplyMs.cold, ['p50', 'p95'])} ms ` +
          `(start ack p50 ${fmt(r.firstReplyStartAckMs.prefetched.p50)} / ${fmt(r.firstReplyStartAckMs.cold.p50)} ms)`,
      ],
      [
        'history events per message',
        `${fmt(r.historyEventsPerMessage)} with its AI turn (raw Update + local activity: ${fmt(r.baseline.historyEventsPerUpdate)})`,
      ],
      [
        `sustained (${s.conversations} conversations, ${s.seconds} s)`,
        `${fmt(s.messagesPerSecond)} messages/s (${s.acknowledged} acknowledged); ack p50/p95/p99 ${pct(s.ackMs)} ms`,
      ],
      [
        'sustained: exactly once, in order',
        `lost ${s.lost}, duplicated ${s.duplicated}, out of order ${s.outOfOrder}, failed sends ${s.failedSends}`,
      ],
      [
        'sustained: AI',
        `${s.aiRepliesByCheck} answers meanwhile (${fmt(s.answeredPerSecond)}/s), ${s.aiBacklogAtEnd} questions still ` +
          `queued at the end (dropped by closing)`,
      ],
      [
        'sustained: raw Updates c50 measured beside it',
        `${fmt(r.baseline.updatesPerSecondC50BesideSustained ?? NaN, 0)}/s (at the run's start ` +
          `${fmt(r.baseline.updatesPerSecondC50, 0)}/s): answered ` +
          `${fmt(((s.answeredPerSecond ?? NaN) / (r.baseline.updatesPerSecondC50BesideSustained ?? NaN)) * 100, 0)}% of it`,
      ],
      [
        'sustained: CPU (% of one core)',
        `${Object.entries(s.cpuPercent)
          .map(([k, v]) => `${k} ${v}%`)
          .join(', ')} (PostgreSQL not counted)`,
      ],
      [
        `memory: worker RSS, ${m.idleConversations} idle`,
        `${m.workerRssMbBefore} → ${m.workerRssMb1000Idle} MB; ${fmt(m.bytesPerIdleConversation / 1024)} KiB per idle conversation`,
      ],
      [
        'memory: the same after a forced GC',
        `${fmt((m.bytesPerIdleConversationAfterGc ?? NaN) / 1024)} KiB per idle conversation, of which V8 heaps: workflow ` +
          `thread ${fmt((m.workflowHeapBytesPerIdleConversation ?? NaN) / 1024)} KiB, main ` +
          `${fmt((m.mainHeapBytesPerIdleConversation ?? NaN) / 1024)} KiB (the rest is native, mostly Temporal's core)`,
      ],
      ['memory: API RSS', `${m.apiRssMbBefore} → ${m.apiRssMb} MB (${m.apiRssMbAfterGc ?? '–'} MB after a forced GC)`],
      ...(m.woken
        ? [
            [
              'memory: idle conversations woken (out of the cache)',
              `${m.woken.answered}/${m.woken.acknowledged} answered within ${fmt(m.woken.answeredWithinS)} s; stored ` +
                `${m.woken.stored}, lost ${m.woken.lost}, duplicated ${m.woken.duplicated}`,
            ] as [string, string],
          ]
        : []),
      [
        `fan-out: ${r.fanout.sockets} sockets, ${r.fanout.apiReplicas} replicas`,
        `commit → client p50/p95/p99 ${pct(r.fanout.commitToClientMs)} ms (${r.fanout.deliveries} deliveries, ` +
          `${r.fanout.connected} open, under ${fmt(r.fanout.messagesPerSecond)} msgs/s)`,
      ],
      ...(r.fanout.cpuPercent
        ? [
            [
              'fan-out: CPU (% of one core)',
              `${Object.entries(r.fanout.cpuPercent)
                .map(([k, v]) => `${k} ${v}%`)
                .join(', ')} (PostgreSQL not counted)`,
            ] as [string, string],
          ]
        : []),
      [
        'escalation: message → agentQueueChanged',
        `p50/p95 ${pct(e.messageToQueueEventMs, ['p50', 'p95'])} ms (${e.samples} samples${e.failures ? `, ${e.failures} failed` : ''})`,
      ],
      ['escalation: escalated → agentQueueChanged', `p50/p95 ${pct(e.escalationToQueueEventMs, ['p50', 'p95'])} ms`],
      ['claimConversation round trip', `p50/p95 ${pct(e.claimMs, ['p50', 'p95'])} ms`],
    ],
  );
  const b = r.breakdown;
  const parts = table(
    ['breakdown at 1 conversation (ms)', 'value'],
    [
      ['ack: GET /healthz (HTTP floor) p50', fmt(b.ack.healthzMs.p50)],
      ['ack: { me } (HTTP + token + GraphQL) p50', fmt(b.ack.meQueryMs.p50)],
      ['ack: sendMessage over HTTP p50', fmt(b.ack.sendMessageMs.p50)],
      ['ack: the store statement (persistCustomerMessage) p50', fmt(b.ack.storeStatementMs.p50)],
      ['ack: the signal (customerMessageStored) p50', fmt(b.ack.signalMs.p50)],
      ['before: the Update round trip from a Temporal client p50', fmt(b.ack.updateRoundTripMs.p50)],
      ['before: its store in the local activity (mean)', fmt(b.ack.storeLocalActivityMs)],
      ['ack: HTTP + auth + rate limit + GraphQL (difference)', fmt(b.ack.httpAuthGraphqlMs)],
      ['AI turn: after the ack, to the answer on messageAdded p50', fmt(b.aiTurn.afterAckMs.p50)],
      ['AI turn: analysis and answer, generateAiReply (mean)', fmt(b.aiTurn.analysisMs)],
      ['AI turn: decision + reply store, recordAiTurn (mean)', fmt(b.aiTurn.storeMs)],
      ['AI turn: commit → client (fan-out) p50', fmt(b.aiTurn.fanoutMs.p50)],
      ['AI turn: workflow tasks, dispatch, round trips (rest)', fmt(b.aiTurn.workflowTasksAndDispatchMs)],
    ],
  );
  const targets = table(
    ['target', 'limit', 'actual', ''],
    r.targets.map((t) => [t.name + (t.hard ? ' (hard)' : ''), t.limit, t.actual, t.pass ? 'PASS' : 'MISS']),
  );
  return [
    '',
    `support-handoff bench${r.quick ? ' (QUICK: shortened, not comparable)' : ''}: ${r.at}, ${r.durationS} s`,
    `machine: ${r.machine}`,
    '',
    latency,
    '',
    other,
    '',
    parts,
    '',
    targets,
    '',
  ].join('\n');
}
