import { fmt, table, type Percentiles } from './report';

export interface Summarised {
  quick: boolean;
  baseline: {
    updateLocalActivityMs: Record<string, Percentiles>;
    updatesPerSecondC50: number;
    updatesPerSecond: Record<string, number>;
    updateWithStartMs: Record<string, Percentiles>;
  };
  ackMs: Record<string, Percentiles>;
  aiReplyMs: Record<string, Percentiles>;
  interactiveErrors: Record<string, number>;
  startsPerSecond: number;
  startMs: Percentiles;
  sustained: {
    conversations: number;
    seconds: number;
    messagesPerSecond: number;
    acknowledged: number;
    failedSends: number;
    lost: number;
    duplicated: number;
    outOfOrder: number;
    ackMs: Percentiles;
    aiRepliesByCheck: number;
    aiBacklogAtEnd: number;
    cpuPercent: Record<string, number>;
  };
  memory: {
    idleConversations: number;
    workerRssMbBefore: number;
    workerRssMb1000Idle: number;
    apiRssMbBefore: number;
    apiRssMb: number;
    bytesPerIdleConversation: number;
    answeredWithinS: number;
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

export interface Target {
  name: string;
  limit: string;
  actual: string;
  pass: boolean;
}

/** The issue's targets, as ratios within this run. */
export function targetsOf(r: Summarised): Target[] {
  const out: Target[] = [];
  for (const c of Object.keys(r.ackMs)) {
    const base = r.baseline.updateLocalActivityMs[c]?.p50 ?? NaN;
    const ratio = r.ackMs[c].p50 / base;
    out.push({
      name: `ack p50 ${c} ≤ 2× baseline update p50`,
      limit: `≤ ${fmt(2 * base)} ms`,
      actual: `${fmt(r.ackMs[c].p50)} ms (${fmt(ratio, 2)}×)`,
      pass: ratio <= 2,
    });
  }
  const share = r.sustained.messagesPerSecond / r.baseline.updatesPerSecondC50;
  out.push({
    name: 'sustained msgs/s ≥ 50% of baseline updates/s c50, 0 lost, 0 duplicated',
    limit: `≥ ${fmt(r.baseline.updatesPerSecondC50 / 2)}/s, 0, 0`,
    actual: `${fmt(r.sustained.messagesPerSecond)}/s (${fmt(share * 100, 0)}%), ${r.sustained.lost}, ${r.sustained.duplicated}`,
    pass: share >= 0.5 && r.sustained.lost === 0 && r.sustained.duplicated === 0 && r.sustained.outOfOrder === 0,
  });
  const aiRatio = r.aiReplyMs.c1.p50 / r.ackMs.c1.p50;
  out.push({
    name: 'AI reply p50 c1 ≤ 3× ack p50 c1',
    limit: `≤ ${fmt(3 * r.ackMs.c1.p50)} ms`,
    actual: `${fmt(r.aiReplyMs.c1.p50)} ms (${fmt(aiRatio, 2)}×)`,
    pass: aiRatio <= 3,
  });
  const addedMb = (r.memory.bytesPerIdleConversation * 1000) / 1024 ** 2;
  out.push({
    name: '1,000 idle conversations add ≤ 150 MB worker RSS',
    limit: '≤ 150 MB',
    actual: `${fmt(addedMb)} MB${r.memory.idleConversations !== 1000 ? ` (from ${r.memory.idleConversations})` : ''}`,
    pass: addedMb <= 150,
  });
  return out;
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
  const s = r.sustained;
  const m = r.memory;
  const e = r.escalation;
  const other = table(
    ['measure', 'value'],
    [
      ['startConversation', `${fmt(r.startsPerSecond)}/s at 25 concurrent; p50/p95/p99 ${pct(r.startMs)} ms`],
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
        `${s.aiRepliesByCheck} answers meanwhile, ${s.aiBacklogAtEnd} questions still queued at the end (dropped by closing)`,
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
      ['memory: API RSS', `${m.apiRssMbBefore} → ${m.apiRssMb} MB`],
      [
        'escalation: message → agentQueueChanged',
        `p50/p95 ${pct(e.messageToQueueEventMs, ['p50', 'p95'])} ms (${e.samples} samples${e.failures ? `, ${e.failures} failed` : ''})`,
      ],
      ['escalation: escalated → agentQueueChanged', `p50/p95 ${pct(e.escalationToQueueEventMs, ['p50', 'p95'])} ms`],
      ['claimConversation round trip', `p50/p95 ${pct(e.claimMs, ['p50', 'p95'])} ms`],
    ],
  );
  const targets = table(
    ['target', 'limit', 'actual', ''],
    r.targets.map((t) => [t.name, t.limit, t.actual, t.pass ? 'PASS' : 'MISS']),
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
    targets,
    '',
  ].join('\n');
}
