import type { Pool as PgPool } from 'pg';
import { sleep } from '../bench/report';
import { startOpenAiStub } from '../test/stubs/openai-stub';
import { startStripeMock } from '../test/support/stripe-mock';
import { duplicateWebhooks, flakyModel, killWorker, repeatUntil } from './faults';
import type { LoadDriver, LoadPlan } from './load';
import type { ChaosSystem } from './system';
import { Widgets } from './websockets';

/** What a scenario's fault can reach: the system, the load in progress, the database (unproxied) for its checks. */
export interface FaultContext {
  sys: ChaosSystem;
  load: LoadDriver;
  pg: PgPool;
  /** The env of this scenario's replicas (its own task queue): what a replacement replica starts with. */
  env: Record<string, string>;
  log(msg: string): void;
}

export interface Scenario {
  name: string;
  /** One line for the table's readers. */
  fault: string;
  workers: number;
  apis: number;
  plan: LoadPlan;
  env?: Record<string, string>;
  /** Starts what the scenario needs besides the replicas (a model stub, stripe-mock); returns env and a teardown. */
  prepare?(): Promise<{ env: Record<string, string>; stop(): Promise<void>; state?: unknown }>;
  /** Runs beside the load; returns the fault's own figures (kills, seconds down, resends seen...). */
  inject(ctx: FaultContext, state?: unknown): Promise<Record<string, number>>;
  /** Checks after the load settled (beyond the common ones); failures are figures that must be 0. */
  after?(ctx: FaultContext, state?: unknown): Promise<Record<string, number>>;
}

/** At least 200 acknowledged customer messages and 20 claims per scenario; a few conversations left waiting. */
export const BASE_PLAN: LoadPlan = { conversations: 10, messagesEach: 21, claims: 20, ladderWaiting: 3, gapMs: 1000 };

const WEBHOOK_SECRET = 'whsec_chaos_0123456789abcdef';

export function scenarios(opts: { pgDownMs: number }): Scenario[] {
  return [
    {
      name: 'worker-sigkill-repeated',
      fault: 'the only worker SIGKILLed every 8 s and replaced',
      workers: 1,
      apis: 1,
      plan: BASE_PLAN,
      async inject({ sys, load, env }) {
        const kills = await repeatUntil(
          () => load.done,
          8_000,
          3,
          async () => {
            await killWorker(sys);
            await sys.startWorker(env);
          },
        );
        return { kills };
      },
    },
    {
      name: 'one-of-two-workers-killed',
      fault: 'two workers; one SIGKILLed under load, not replaced',
      workers: 2,
      apis: 1,
      plan: BASE_PLAN,
      async inject({ sys }) {
        await sleep(3_000);
        await killWorker(sys);
        return { kills: 1 };
      },
    },
    {
      name: 'rolling-restart-sigterm',
      fault: 'workers replaced one by one: a new one starts, the oldest gets SIGTERM and drains',
      workers: 2,
      apis: 1,
      plan: BASE_PLAN,
      async inject({ sys, load, env }) {
        const restarts = await repeatUntil(
          () => load.done,
          3_000,
          3,
          async () => {
            await sys.startWorker(env);
            await sys.workers()[0].stop('SIGTERM');
          },
        );
        return { restarts };
      },
    },
    {
      name: 'temporal-restart',
      fault: 'the Temporal dev server stopped and restarted on its SQLite file while conversations wait on SLA timers',
      workers: 1,
      apis: 1,
      plan: { ...BASE_PLAN, ladderWaiting: 6 },
      async inject({ sys, load, pg }) {
        // Once conversations are queued (their ladder timers set), the server goes away for 5 s.
        const waiting = () => load.driven.filter((c) => c.kind === 'waiting').map((c) => c.id);
        for (let i = 0; i < 600; i++) {
          const ids = waiting();
          const r = ids.length
            ? await pg.query(
                `SELECT count(*)::int AS n FROM conversations WHERE id = ANY($1::uuid[]) AND status = 'AWAITING_AGENT'`,
                [ids],
              )
            : { rows: [{ n: 0 }] };
          if (r.rows[0].n >= 3) break;
          await sleep(100);
        }
        const t0 = Date.now();
        await sys.restartTemporal(5_000);
        return { restarts: 1, downSeconds: Math.round((Date.now() - t0) / 1000) };
      },
    },
    {
      name: 'postgres-refusing',
      fault: `PostgreSQL refuses every connection for ${opts.pgDownMs / 1000} s (proxy cut) under load`,
      workers: 1,
      apis: 1,
      plan: BASE_PLAN,
      async inject({ sys }) {
        await sleep(3_000);
        sys.pgProxy.cut();
        await sleep(opts.pgDownMs);
        sys.pgProxy.restore();
        return { downSeconds: opts.pgDownMs / 1000 };
      },
    },
    {
      name: 'postgres-slow',
      fault: 'every PostgreSQL round trip 150 ms slower each way (proxy latency) for the whole load',
      workers: 1,
      apis: 1,
      plan: BASE_PLAN,
      async inject({ sys, load }) {
        sys.pgProxy.latencyMs = 150;
        while (!load.done) await sleep(200);
        sys.pgProxy.latencyMs = 0;
        return { latencyMs: 150 };
      },
    },
    {
      name: 'api-killed-websockets',
      fault: 'two APIs; the one every widget follows is SIGKILLed; widgets reconnect to the other and back-fill',
      workers: 1,
      apis: 2,
      plan: BASE_PLAN,
      async prepare() {
        return { env: {}, stop: async () => undefined, state: { widgets: undefined as Widgets | undefined } };
      },
      async inject({ sys, load }, state) {
        const widgets = new Widgets(sys);
        (state as { widgets?: Widgets }).widgets = widgets;
        load.onStarted = (c) => widgets.follow(c);
        await sleep(5_000);
        await sys.apis()[0].stop('SIGKILL');
        return { apiKills: 1 };
      },
      async after({ pg, log }, state) {
        const widgets = (state as { widgets: Widgets }).widgets;
        const seqs = async (id: string) =>
          (await pg.query(`SELECT seq FROM messages WHERE conversation_id = $1`, [id])).rows.map(
            (r: { seq: number }) => r.seq,
          );
        const { unseen, reconnects, examples } = await widgets.gaps(seqs);
        for (const e of examples) log(e);
        return { widgetMessagesUnseen: unseen, widgetReconnects: reconnects };
      },
    },
    {
      name: 'duplicate-requests',
      fault: 'every mutation sent twice at once and again after its answer; Stripe webhooks delivered 3 times',
      workers: 1,
      apis: 1,
      plan: { ...BASE_PLAN, duplicateMutations: true },
      async prepare() {
        const stripe = await startStripeMock();
        return {
          env: { STRIPE_API_KEY: 'sk_test_123', STRIPE_API_BASE: stripe.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
          stop: () => stripe.stop(),
        };
      },
      async inject({ load }) {
        while (!load.done) await sleep(200);
        return {};
      },
      async after({ sys, pg, load }) {
        const w = await duplicateWebhooks(sys, pg, load.driven, WEBHOOK_SECRET);
        return {
          webhooks: w.webhooks,
          webhooksDeliveredTwice: w.deliveredTwice,
          webhooksNotDelivered: w.notDelivered,
          webhookAnswersWrong: w.answeredWrong,
          duplicateAnswersDiffering: load.duplicateAnswersDiffering,
        };
      },
    },
    {
      name: 'llm-provider-faults',
      fault: 'AI_PROVIDER=openai against a model server answering 429, 503, a stall past the timeout, malformed output',
      workers: 1,
      apis: 1,
      plan: BASE_PLAN,
      async prepare() {
        const stub = await startOpenAiStub();
        const seen = flakyModel(stub);
        return {
          env: {
            AI_PROVIDER: 'openai',
            OPENAI_API_KEY: 'sk-chaos-0123456789',
            OPENAI_BASE_URL: stub.url,
            OPENAI_MODEL: 'chaos-model',
            OPENAI_TIMEOUT_MS: '2500',
          },
          stop: () => stub.stop(),
          state: seen,
        };
      },
      async inject({ load }, seen) {
        while (!load.done) await sleep(200);
        return seen as Record<string, number>;
      },
    },
    {
      name: 'continue-as-new-in-flight',
      fault: 'each run continues as new after 3 turns while customer and agent updates keep arriving',
      workers: 1,
      apis: 1,
      plan: { ...BASE_PLAN, gapMs: 0 },
      env: { CONVERSATION_CONTINUE_AS_NEW_TURNS: '3' },
      async inject({ load }) {
        while (!load.done) await sleep(200);
        return {};
      },
    },
    {
      name: 'long-conversation-1500',
      fault: 'one conversation of 1,500 messages (history past Temporal’s continue-as-new suggestion)',
      workers: 1,
      apis: 1,
      plan: { conversations: 1, messagesEach: 1500, claims: 20, ladderWaiting: 3, gapMs: 0 },
      async inject({ load }) {
        while (!load.done) await sleep(200);
        return {};
      },
    },
  ];
}

/** The subset CI runs (test/chaos-short.test.ts): a worker crash, the database gone, duplicates. */
export const SHORT = ['one-of-two-workers-killed', 'postgres-refusing', 'duplicate-requests'];
