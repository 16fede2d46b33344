import { fmt, type Percentiles } from './report';

export interface Target {
  name: string;
  limit: string;
  actual: string;
  pass: boolean;
  /** One the issue calls hard: it may not be missed. */
  hard: boolean;
}

/** What the targets read from a run's results. */
export interface TargetInputs {
  baseline: {
    updateLocalActivityMs: Record<string, Percentiles>;
    updatesPerSecondC50: number;
    startsPerSecond: number;
  };
  ackMs: Record<string, Percentiles>;
  startsPerSecond: number;
  sustained: {
    messagesPerSecond: number;
    answeredPerSecond?: number;
    lost: number;
    duplicated: number;
    outOfOrder: number;
  };
  firstReplyMs: Record<'prefetched' | 'cold', Percentiles>;
  firstReplyStartAckMs: Record<'prefetched' | 'cold', Percentiles>;
  memory: {
    idleConversations: number;
    bytesPerIdleConversation: number;
    apiRssMb: number;
    woken?: { acknowledged: number; answered: number; lost: number; duplicated: number };
  };
  fanout: { commitToClientMs: Percentiles };
}

/** The targets (#18), as ratios to raw Temporal within this run. */
export function targetsOf(r: TargetInputs): Target[] {
  const out: Target[] = [];
  for (const c of Object.keys(r.ackMs)) {
    const base = r.baseline.updateLocalActivityMs[c];
    const ratio = r.ackMs[c].p50 / base.p50;
    out.push({
      name: `ack p50 ${c} ≤ 1.5× raw Update+local activity p50`,
      limit: `≤ ${fmt(1.5 * base.p50)} ms`,
      actual: `${fmt(r.ackMs[c].p50)} ms (${fmt(ratio, 2)}×)`,
      pass: ratio <= 1.5,
      hard: c === 'c1' || c === 'c10',
    });
    out.push({
      name: `ack p95 ${c} ≤ raw p95 + 25 ms`,
      limit: `≤ ${fmt(base.p95 + 25)} ms`,
      actual: `${fmt(r.ackMs[c].p95)} ms`,
      pass: r.ackMs[c].p95 <= base.p95 + 25,
      hard: false,
    });
  }
  const s = r.sustained;
  // With their AI turns: the acknowledged rate only as far as the AI kept up with it.
  const withTurns = Math.min(s.messagesPerSecond, s.answeredPerSecond ?? s.messagesPerSecond);
  const share = withTurns / r.baseline.updatesPerSecondC50;
  out.push({
    name: 'sustained msgs/s with AI turns ≥ 50% of raw updates/s c50; 0 lost, duplicated, out of order',
    limit: `≥ ${fmt(r.baseline.updatesPerSecondC50 / 2)}/s, 0, 0, 0`,
    actual:
      `${fmt(withTurns)}/s (${fmt(share * 100, 0)}%; acknowledged ${fmt(s.messagesPerSecond)}/s, answered ` +
      `${fmt(s.answeredPerSecond ?? NaN)}/s), ${s.lost}, ${s.duplicated}, ${s.outOfOrder}`,
    pass: share >= 0.5 && s.lost === 0 && s.duplicated === 0 && s.outOfOrder === 0,
    hard: true,
  });
  const startShare = r.startsPerSecond / r.baseline.startsPerSecond;
  out.push({
    name: 'starts/s ≥ 50% of raw update-with-start/s (same concurrency)',
    limit: `≥ ${fmt(r.baseline.startsPerSecond / 2)}/s`,
    actual: `${fmt(r.startsPerSecond)}/s (${fmt(startShare * 100, 0)}%)`,
    pass: startShare >= 0.5,
    hard: false,
  });
  for (const k of ['prefetched', 'cold'] as const) {
    const ack = r.firstReplyStartAckMs[k].p50;
    const ratio = r.firstReplyMs[k].p50 / ack;
    out.push({
      name: `first AI answer p50 ≤ 2× its ack (${k})`,
      limit: `≤ ${fmt(2 * ack)} ms`,
      actual: `${fmt(r.firstReplyMs[k].p50)} ms (${fmt(ratio, 2)}×)`,
      pass: ratio <= 2,
      hard: false,
    });
  }
  const kb = r.memory.bytesPerIdleConversation / 1024;
  out.push({
    name: `${r.memory.idleConversations} idle (cached): worker RSS ≤ 100 KB each`,
    limit: '≤ 100 KB',
    actual: `${fmt(kb)} KB`,
    pass: kb <= 100,
    hard: false,
  });
  const w = r.memory.woken;
  if (w)
    out.push({
      name: 'idle conversations woken: every question stored once and answered',
      limit: '0 lost, 0 duplicated, all answered',
      actual: `${w.lost} lost, ${w.duplicated} duplicated, ${w.answered}/${w.acknowledged} answered`,
      pass: w.lost === 0 && w.duplicated === 0 && w.answered === w.acknowledged && w.acknowledged > 0,
      hard: false,
    });
  out.push({
    name: 'API RSS ≤ 300 MB (idle phase)',
    limit: '≤ 300 MB',
    actual: `${r.memory.apiRssMb} MB`,
    pass: r.memory.apiRssMb <= 300,
    hard: false,
  });
  out.push({
    name: 'fan-out commit → client p95 ≤ 50 ms (500 sockets, 2 replicas)',
    limit: '≤ 50 ms',
    actual: `${fmt(r.fanout.commitToClientMs.p95)} ms`,
    pass: r.fanout.commitToClientMs.p95 <= 50,
    hard: false,
  });
  return out;
}
