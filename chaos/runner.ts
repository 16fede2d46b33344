import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { Pool as PgPool } from 'pg';
import { loadConfig } from '../src/config';
import { EncryptionCodec } from '../src/crypto/payload-codec';
import { CLOSE, gql, tokenFor } from '../bench/app-client';
import { pool, progress, sleep } from '../bench/report';
import { conversationWorkflowId } from '../domain/workflow-ids';
import { repoRoot } from '../src/paths';
import { ConversationHistories, exportHistoryJson } from './histories';
import { LoadDriver, type DrivenConversation } from './load';
import { scenarios, type FaultContext, type Scenario } from './scenarios';
import { ChaosSystem, CHAOS_DATA_KEYS } from './system';
import { verify, type Verdict } from './verify';

export interface ScenarioResult extends Verdict {
  scenario: string;
  fault: string;
  resends: number;
  loadFailures: number;
  replayed: number;
  replayFailures: number;
  claimsDuringEscalation: number;
  continuedAsNew: number;
  /** The fault's own figures and the scenario's extra checks (names ending in a failure count must be 0). */
  figures: Record<string, number>;
  seconds: number;
  passed: boolean;
  problems: string[];
}

export interface ChaosOptions {
  /** Scenario names to run (default: all). */
  only?: string[];
  /** Short: less time between a conversation's messages, PostgreSQL down 8 s instead of 20 (the CI subset). */
  short?: boolean;
  /** Writes the first history whose claim landed mid-escalation to test/fixtures/histories (once). */
  saveClaimHistory?: boolean;
}

/** The escalation policy of a chaos run: times of seconds, so ladders climb within a scenario; long leases. */
function secondsPolicy(): Record<string, unknown> {
  const demo = JSON.parse(readFileSync(path.join(repoRoot(), 'data', 'demo', 'policy.json'), 'utf8'));
  const perTier = (n: number) => ({ FREE: n, PRO: n, ENTERPRISE: n });
  return { ...demo, sla: { ...demo.sla, timeToClaimSeconds: perTier(6), claimLeaseSeconds: perTier(3600) } };
}

const UPDATE_POLICY = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version } }`;

/**
 * Until every conversation's workflow has handled the turns it accepted, and every waiting ladder is past due. The
 * query's answer is encrypted like every payload: read through the replicas' codec (without it every query failed,
 * and settling always took the whole timeout). A workflow that is no longer running has nothing left to handle.
 */
async function settle(
  sys: ChaosSystem,
  pg: PgPool,
  convs: DrivenConversation[],
  timeoutMs: number,
  codec: PayloadCodec,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connection = await Connection.connect({ address: sys.temporalAddress });
  try {
    const client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [codec] } });
    for (const c of convs) {
      const handle = client.workflow.getHandle(conversationWorkflowId(c.id));
      let said = false;
      for (;;) {
        const s = await handle.query<{ pendingTurns: number }>('conversationState').catch(async (err: unknown) => {
          const d = await handle.describe().catch(() => undefined);
          if (d && d.status.name !== 'RUNNING') return { pendingTurns: 0 };
          if (!said) progress(`  settle: ${c.id} does not answer: ${String(err).slice(0, 200)}`);
          said = true;
          return undefined;
        });
        if ((s && s.pendingTurns === 0) || Date.now() > deadline) break;
        await sleep(250);
      }
    }
  } finally {
    await connection.close();
  }
  const waiting = convs.filter((c) => c.kind === 'waiting').map((c) => c.id);
  if (waiting.length === 0) return;
  const r = await pg.query(
    `SELECT max((s->>'dueAt')::bigint) AS due FROM conversations c, jsonb_array_elements(c.sla->'steps') s
     WHERE c.id = ANY($1::uuid[])`,
    [waiting],
  );
  const lastDue = Number(r.rows[0]?.due ?? 0);
  const wait = Math.min(lastDue + 2_000 - Date.now(), deadline - Date.now());
  if (wait > 0) await sleep(wait);
}

async function runScenario(sys: ChaosSystem, pg: PgPool, s: Scenario, opts: ChaosOptions): Promise<ScenarioResult> {
  const t0 = Date.now();
  const prepared = await s.prepare?.();
  const env = { TEMPORAL_TASK_QUEUE: `chaos-${s.name}-${process.pid}`, ...(s.env ?? {}), ...(prepared?.env ?? {}) };
  const plan = opts.short ? { ...s.plan, gapMs: Math.min(s.plan.gapMs ?? 0, 300) } : s.plan;
  const load = new LoadDriver(sys, pg, plan);
  const ctx: FaultContext = { sys, load, pg, env, log: (m) => progress(`  ${s.name}: ${m}`) };
  const problems: string[] = [];
  try {
    await Promise.all([
      ...Array.from({ length: s.workers }, () => sys.startWorker(env)),
      ...Array.from({ length: s.apis }, () => sys.startApi(env)),
    ]);
    const [outcome, figures] = await Promise.all([
      load.run(),
      s.inject(ctx, prepared?.state).catch((err: unknown) => {
        problems.push(`fault: ${String(err)}`);
        return {} as Record<string, number>;
      }),
    ]);
    progress(`  ${s.name}: load done at ${Math.round((Date.now() - t0) / 1000)} s (${outcome.resends} resends)`);
    const codec = chaosCodec(sys.databaseUrl);
    let histories: ConversationHistories;
    try {
      await settle(sys, pg, outcome.conversations, plan.messagesEach > 100 ? 600_000 : 180_000, codec.codec);
      Object.assign(figures, (await s.after?.(ctx, prepared?.state)) ?? {});
      const ids = outcome.conversations.map((c) => c.id);
      histories = await ConversationHistories.read(sys.temporalAddress, ids, codec.codec);
    } finally {
      await codec.close();
    }
    const verdict = await verify(pg, outcome.conversations, histories, Date.now() - 1_000);
    progress(`  ${s.name}: settled and verified at ${Math.round((Date.now() - t0) / 1000)} s; replaying`);
    const replay = await histories.replayFailures();
    for (const f of replay.slice(0, 3)) problems.push(`replay ${f.workflowId}: ${f.error.slice(0, 300)}`);
    const during = histories.claimsDuringEscalation();
    if (opts.saveClaimHistory && during.length > 0) saveFixture(sys, during[0]);
    problems.push(...outcome.failures.slice(0, 3), ...verdict.examples);
    const result: ScenarioResult = {
      scenario: s.name,
      fault: s.fault,
      ...verdict,
      resends: outcome.resends,
      loadFailures: outcome.failures.length,
      replayed: histories.all().length,
      replayFailures: replay.length,
      claimsDuringEscalation: during.length,
      continuedAsNew: histories.continuedAsNew(),
      figures,
      seconds: 0,
      passed: false,
      problems,
    };
    await closeAll(sys, outcome.conversations);
    result.passed = judge(result, plan.ladderWaiting > 0);
    return result;
  } finally {
    const unexpected = await sys.stopReplicas(s.name);
    // The why of an INTERNAL answer, where CI shows it (the logs stay on the machine that ran it).
    if (problems.length) problems.push(...unexpected.slice(0, 2).map((line) => `api log: ${line.slice(0, 1500)}`));
    if (sys.pgProxy.latencyMs) sys.pgProxy.latencyMs = 0;
    sys.pgProxy.restore();
    await prepared?.stop();
    progress(`  ${s.name}: ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}

/** Passed: the load was driven in full, and every count that means "lost" or "twice" is zero. */
function judge(r: ScenarioResult, expectLadder: boolean): boolean {
  const failureFigures = Object.entries(r.figures).filter(
    ([k, v]) => /Twice|Unseen|NotDelivered|Wrong|Differing/.test(k) && v > 0,
  );
  if (failureFigures.length) r.problems.push(`fault checks: ${JSON.stringify(Object.fromEntries(failureFigures))}`);
  return (
    r.acknowledged >= 200 &&
    r.claims >= 20 &&
    r.loadFailures === 0 &&
    r.lost === 0 &&
    r.duplicated === 0 &&
    r.outOfOrder === 0 &&
    r.aiTurnsUnanswered === 0 &&
    r.aiTurnsAnsweredTwice === 0 &&
    r.claimsLost === 0 &&
    r.claimsTwice === 0 &&
    (!expectLadder || r.ladderStepsDue > 0) &&
    r.ladderStepsFired === r.ladderStepsDue &&
    r.ladderStepsFiredTwice === 0 &&
    r.replayFailures === 0 &&
    failureFigures.length === 0
  );
}

/** Closes the scenario's conversations (their customers' webhooks and timers then go to the next scenario's). */
async function closeAll(sys: ChaosSystem, convs: DrivenConversation[]): Promise<void> {
  const admin = tokenFor('admin', 'chaos-admin');
  await pool(convs.length, 8, async (i) => {
    await gql(sys.apiPort(), admin, CLOSE, { id: convs[i].id }).catch(() => undefined);
  });
}

function saveFixture(sys: ChaosSystem, run: { workflowId: string; runId: string }): void {
  const file = path.join(repoRoot(), 'test', 'fixtures', 'histories', 'chaos-claim-during-escalation.json');
  if (existsSync(file)) return;
  const json = JSON.parse(exportHistoryJson(sys.temporalAddress, run.workflowId, run.runId));
  writeFileSync(file, JSON.stringify(json, null, 1));
  progress(`  saved ${path.relative(repoRoot(), file)} (${run.workflowId})`);
}

/** Starts the system, runs the scenarios one after another, stops everything; the results, one per scenario. */
export async function runChaos(opts: ChaosOptions = {}): Promise<ScenarioResult[]> {
  const all = scenarios({ pgDownMs: opts.short ? 8_000 : 20_000 });
  const chosen = opts.only ? all.filter((s) => opts.only!.includes(s.name)) : all;
  if (chosen.length === 0) throw new Error(`no scenario named ${opts.only?.join(', ')}`);
  progress('starting the Temporal dev server, the database and the PostgreSQL proxy');
  const sys = await ChaosSystem.start();
  // A pool: the load's conversations poll their status at once (one client would queue them, and pg@9 refuses that).
  const pg = new PgPool({ connectionString: sys.databaseUrl, application_name: 'support-chaos', max: 4 });
  pg.on('error', (err) => progress(`checking connection: ${String(err)}`));
  const results: ScenarioResult[] = [];
  try {
    let policyPublished = false;
    for (const s of chosen) {
      progress(`${s.name}: ${s.fault}`);
      const t0 = Date.now();
      if (!policyPublished) {
        const api = await sys.startApi({ TEMPORAL_TASK_QUEUE: `chaos-setup-${process.pid}` });
        await gql(api.port!, tokenFor('admin', 'chaos-admin'), UPDATE_POLICY, { d: secondsPolicy() });
        await sys.stopReplicas();
        policyPublished = true;
      }
      const r = await runScenario(sys, pg, s, opts);
      r.seconds = Math.round((Date.now() - t0) / 1000);
      results.push(r);
      progress(`  ${r.passed ? 'passed' : 'FAILED'}${r.problems.length ? `: ${r.problems.join(' | ')}` : ''}`);
    }
  } finally {
    await pg.end().catch(() => undefined);
    await sys.stop();
  }
  return results;
}

/** The replicas' codec, reading data keys straight from PostgreSQL (not through the proxy the faults cut). */
function chaosCodec(databaseUrl: string): { codec: EncryptionCodec; close(): Promise<void> } {
  const db = new PgPool({ connectionString: databaseUrl, max: 2 });
  const config = loadConfig({ NODE_ENV: 'test', DATA_ENCRYPTION_KEYS: CHAOS_DATA_KEYS }).dataProtection;
  const codec = new EncryptionCodec({ query: async (sql, params) => (await db.query(sql, params)).rows }, config);
  return { codec, close: () => db.end() };
}
