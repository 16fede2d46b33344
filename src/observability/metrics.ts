import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import { AGENT_POOLS, SLA_ACTIONS, TIERS } from '../../domain/vocabulary';
import { logger } from '../logger';
import type { QueueDepth } from '../services/queue-info';

const log = logger('metrics');

/**
 * Every Prometheus metric of the API and the worker, defined once. Each process has one registry; the API and the
 * worker register their own group into it (registerMetrics), so a process that ran both would serve both groups and
 * still register every name once. Our series carry the `support_` prefix and their unit; the default process_* and
 * nodejs_* series keep their standard names, so the usual Node.js dashboards work unchanged.
 */
export const registry = new Registry();

/** From a few milliseconds (a stored message) to the tens of seconds of a slow model call. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const POOLS = AGENT_POOLS;

// ---- API ----

export const graphqlRequestDuration = new Histogram({
  name: 'support_graphql_request_duration_seconds',
  help: 'GraphQL operations over HTTP, from the authenticated request to the response, by operation and outcome',
  labelNames: ['operation_type', 'operation_name', 'outcome', 'error_code'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [],
});

export const httpRequestDuration = new Histogram({
  name: 'support_http_request_duration_seconds',
  help: 'HTTP requests to the API (GraphQL over HTTP, webhooks, health, metrics), by route and status',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [],
});

export const messagesPaced = new Counter({
  name: 'support_messages_paced_total',
  help:
    "Customer messages whose acknowledgement waited for the AI to answer an earlier one (the conversation's " +
    'backlog had reached MESSAGE_BACKLOG_LIMIT): a flood paced to what the AI answers',
  registers: [],
});

/** The WebSocket side of the API, read at scrape time. */
let wsStats: (() => { connections: number; operations: number }) | null = null;
export function setWebSocketStatsSource(source: typeof wsStats): void {
  wsStats = source;
}

/** The agents' queue as PostgreSQL has it, read at scrape time. */
let queueSource: (() => Promise<QueueDepth>) | null = null;
let queueRead: Promise<QueueDepth | null> | null = null;
export function setQueueDepthSource(source: typeof queueSource): void {
  queueSource = source;
}

/**
 * One read serves all queue gauges of a scrape: the registry starts every collect() in the same tick, so the read
 * is shared until the next turn of the event loop and the next scrape reads afresh. A failed read shows no numbers
 * rather than stale ones.
 */
function queueStats(): Promise<QueueDepth | null> {
  if (!queueSource) return Promise.resolve(null);
  if (!queueRead) {
    queueRead = queueSource().catch((err) => {
      log.warn('queue depth unreadable for /metrics', { error: String(err) });
      return null;
    });
    setImmediate(() => (queueRead = null));
  }
  return queueRead;
}

function tierGauge(name: string, help: string, pick: (t: QueueDepth['byTier'][number]) => number): Gauge<'tier'> {
  return new Gauge({
    name,
    help,
    labelNames: ['tier'] as const,
    registers: [],
    async collect() {
      const s = await queueStats();
      this.reset();
      if (!s) return;
      for (const tier of TIERS) this.set({ tier }, 0);
      for (const t of s.byTier) this.set({ tier: t.tier }, pick(t));
    },
  });
}

const apiMetrics: Metric[] = [
  messagesPaced,
  graphqlRequestDuration,
  httpRequestDuration,
  new Gauge({
    name: 'support_graphql_ws_connections',
    help: 'Open graphql-ws connections (acknowledged)',
    registers: [],
    collect() {
      if (wsStats) this.set(wsStats().connections);
    },
  }),
  new Gauge({
    name: 'support_graphql_active_subscriptions',
    help: 'GraphQL operations open on graphql-ws connections (subscriptions)',
    registers: [],
    collect() {
      if (wsStats) this.set(wsStats().operations);
    },
  }),
  tierGauge(
    'support_queue_waiting_conversations',
    'Conversations waiting for an agent (AWAITING_AGENT), by customer tier',
    (t) => t.waiting,
  ),
  tierGauge(
    'support_queue_overdue_conversations',
    'Waiting conversations past their time-to-claim deadline, by customer tier',
    (t) => t.overdue,
  ),
  tierGauge(
    'support_queue_oldest_wait_seconds',
    'Time the longest-waiting conversation has spent in its current wait, by customer tier',
    (t) => t.oldestWaitSeconds,
  ),
  new Gauge({
    name: 'support_queue_waiting_conversations_by_pool',
    help: 'Waiting conversations each agent pool may claim (TIER1, TIER2, LEAD, ONCALL); a conversation counts in every pool open to it',
    labelNames: ['pool'] as const,
    registers: [],
    async collect() {
      const s = await queueStats();
      this.reset();
      if (!s) return;
      for (const pool of POOLS) this.set({ pool }, 0);
      for (const p of s.byPool) this.set({ pool: p.pool }, p.waiting);
    },
  }),
];

// ---- worker ----

export const activityDuration = new Histogram({
  name: 'support_activity_duration_seconds',
  help: 'Temporal activity attempts run by this worker (local and remote), by activity type and outcome',
  labelNames: ['activity_type', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [],
});

export const slaLadderSteps = new Counter({
  name: 'support_sla_ladder_steps_total',
  help: 'SLA ladder steps carried out on unclaimed conversations (each recorded once), by action',
  labelNames: ['action'] as const,
  registers: [],
});
for (const action of SLA_ACTIONS) slaLadderSteps.inc({ action }, 0);

export const workflowWarnings = new Counter({
  name: 'support_workflow_warnings_total',
  help: 'Warnings and errors logged by workflow code (a fallback taken, a child not started), by level and message',
  labelNames: ['level', 'message'] as const,
  registers: [],
});

export const aiProviderErrors = new Counter({
  name: 'support_ai_provider_errors_total',
  help: 'Failed calls to the AI provider, by provider, operation (generate_reply, write_handoff) and reason',
  labelNames: ['provider', 'operation', 'reason'] as const,
  registers: [],
});

/** What the Temporal worker reports about itself (Worker.getStatus), read at scrape time. */
export interface WorkerStats {
  cachedWorkflows: number;
  localActivities: number;
  remoteActivities: number;
  workflowActivations: number;
}
let workerStats: (() => WorkerStats) | null = null;
export function setWorkerStatusSource(source: typeof workerStats): void {
  workerStats = source;
}

const workerMetrics: Metric[] = [
  workflowWarnings,
  activityDuration,
  slaLadderSteps,
  aiProviderErrors,
  new Gauge({
    name: 'support_worker_cached_workflows',
    help: 'Workflow executions held in the worker cache (bounded by WORKER_MAX_CACHED_WORKFLOWS)',
    registers: [],
    collect() {
      if (workerStats) this.set(workerStats().cachedWorkflows);
    },
  }),
  new Gauge({
    name: 'support_worker_inflight_activities',
    help: 'Activities this worker is running now, local or remote',
    labelNames: ['kind'] as const,
    registers: [],
    collect() {
      if (!workerStats) return;
      const s = workerStats();
      this.set({ kind: 'local' }, s.localActivities);
      this.set({ kind: 'remote' }, s.remoteActivities);
    },
  }),
  new Gauge({
    name: 'support_worker_inflight_workflow_activations',
    help: 'Workflow activations this worker is processing now',
    registers: [],
    collect() {
      if (workerStats) this.set(workerStats().workflowActivations);
    },
  }),
];

// ---- both: the Temporal gateway runs in the API and in the worker's activities ----

export const temporalErrors = new Counter({
  name: 'support_temporal_errors_total',
  help:
    'Failed calls through the Temporal gateway, by operation and the code the failure maps to (NOT_FOUND: the ' +
    'workflow had ended; INTERNAL_SERVER_ERROR: unrecognised, logged with its conversation)',
  labelNames: ['operation', 'code'] as const,
  registers: [],
});

export const swallowedErrors = new Counter({
  name: 'support_swallowed_errors_total',
  help: 'Errors handled without failing the request or the workflow (a fallback was used), logged where they happen',
  labelNames: ['where'] as const,
  registers: [],
});

const sharedMetrics: Metric[] = [temporalErrors, swallowedErrors];

let processMetricsOn = false;

/** Adds a role's metrics (and the shared and default process metrics) to this process's registry; idempotent. */
export function registerMetrics(role: 'api' | 'worker'): Registry {
  for (const m of role === 'api' ? apiMetrics : workerMetrics) registry.registerMetric(m);
  if (!processMetricsOn) {
    processMetricsOn = true;
    for (const m of sharedMetrics) registry.registerMetric(m);
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
