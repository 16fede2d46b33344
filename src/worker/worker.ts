import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { buildActivities } from '../../activities';
import { smtpMailer } from '../integrations/email/mailer';
import { type AppConfig, databaseUrlOf } from '../config';
import { createDataSource } from '../db/data-source';
import { EncryptionCodec, sqlOf } from '../crypto/payload-codec';
import { logger } from '../logger';
import { registerMetrics, setWorkerStatusSource } from '../observability/metrics';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server';
import { repoRoot } from '../paths';
import { connectTemporalClient, type TemporalClientHandle } from '../temporal/client';
import { ensureReviewDigestSchedule } from '../temporal/digest-schedule';
import { ensureRetentionSchedule } from '../temporal/retention-schedule';
import { PgListener } from '../events/pg-listener';
import { DATA_KEYS_SHREDDED_CHANNEL } from '../services/customer-data.service';
import { temporalTls } from '../temporal/tls';
import { createTemporalGateway } from '../temporal/gateway';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { activityMetricsInterceptor } from './activity-metrics';
import { businessFailuresInterceptor } from './business-failures';
import { workflowBundlerOptions } from './workflow-bundle-options';
import { workflowSinks } from './workflow-sinks';
import { workerWithSandboxCallTimeout } from './support-worker';

const log = logger('worker');

/** Prebundled by `npm run build` (scripts/bundle-workflows); falls back to bundling the sources at start. */
function workflowSource():
  { workflowBundle: { codePath: string } } | { workflowsPath: string; bundlerOptions: { preloadModules: string[] } } {
  const bundle = path.join(repoRoot(), 'dist', 'workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  const { workflowsPath, preloadModules } = workflowBundlerOptions();
  return { workflowsPath, bundlerOptions: { preloadModules } };
}

export interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
  /** Where GET /metrics answers; null when WORKER_METRICS_PORT=0. */
  metricsPort: number | null;
}

/** Prometheus /metrics on its own port, opened first: a taken port stops the worker before it takes any work. */
async function openMetricsEndpoint(config: AppConfig): Promise<MetricsServer | null> {
  const registry = registerMetrics('worker');
  if (config.worker.metricsPort === null) return null;
  try {
    return await startMetricsServer(registry, config.worker.metricsPort, config.worker.metricsHost);
  } catch (err) {
    throw new Error(
      `worker metrics endpoint: ${err instanceof Error ? err.message : String(err)} (WORKER_METRICS_PORT; 0 turns it off)`,
    );
  }
}

export async function startWorker(config: AppConfig): Promise<RunningWorker> {
  const metrics = await openMetricsEndpoint(config);
  return runWorker(config, metrics).catch(async (err) => {
    await metrics?.close();
    throw err;
  });
}

async function runWorker(config: AppConfig, metrics: MetricsServer | null): Promise<RunningWorker> {
  const ds = createDataSource(databaseUrlOf(config), { poolSize: 10, applicationName: 'support-worker' });
  await ds.initialize();
  const connection = await NativeConnection.connect({ address: config.temporal.address, tls: temporalTls(config) });
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  if (added.length) log.info('registered search attributes', { added });
  // One codec for the worker and its client: payloads are encrypted with their customer's key (src/crypto).
  const codec = new EncryptionCodec(sqlOf(ds), config.dataProtection);
  // Activities that address other workflows (the policy rollout's signals) go through the same gateway as the API.
  const temporal = await connectTemporalClient(config, codec);
  const gateway = createTemporalGateway(temporal.client, config.temporal);
  const { activities, warmUp } = buildActivities({
    ds,
    temporal: gateway,
    ai: config.ai,
    integrations: config.integrations,
    learning: config.learning,
    email: {
      mailer: config.email ? smtpMailer(config.email.smtpUrl, config.email.from) : null,
      settings: {
        linkSecret: config.auth.jwtSecret,
        linkUrl: config.widget.replyEmail.linkUrl,
        linkTtlSeconds: config.widget.replyEmail.linkTtlSeconds,
      },
    },
  });
  // Before polling: a first AI turn must not spend seconds of the event loop its conversation's lookups wait on.
  const warmStart = Date.now();
  await warmUp().then(
    () => log.info('AI analysis warmed up', { ms: Date.now() - warmStart }),
    (err: unknown) => log.warn('AI warm-up failed; the first turn will do it', { error: String(err) }),
  );
  const worker = await workerWithSandboxCallTimeout(config.worker.sandboxCallTimeoutMs).create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter: { payloadCodecs: [codec] },
    ...workflowSource(),
    activities,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    stickyQueueScheduleToStartTimeout: config.worker.stickyQueueTimeoutMs,
    // A rolling deploy's SIGTERM lets the AI turns in flight finish instead of turning them into AI_UNAVAILABLE.
    shutdownGraceTime: config.worker.shutdownGraceMs,
    interceptors: { activity: [activityMetricsInterceptor, businessFailuresInterceptor] },
    sinks: workflowSinks(),
  });
  setWorkerStatusSource(() => {
    const s = worker.getStatus();
    return {
      cachedWorkflows: s.numCachedWorkflows,
      localActivities: s.numInFlightLocalActivities,
      remoteActivities: s.numInFlightNonLocalActivities,
      workflowActivations: s.numInFlightWorkflowActivations,
    };
  });
  await manageReviewDigest(config, temporal);
  await manageRetention(config, temporal);
  // A customer erased through any API replica: this worker drops the cached copy of their key at once.
  const shredBus = new PgListener(
    { databaseUrl: databaseUrlOf(config), channel: DATA_KEYS_SHREDDED_CHANNEL, applicationName: 'support-worker-keys' },
    (customerId) => customerId && codec.keys.forget(customerId),
  );
  await shredBus.start();
  const done = worker.run().finally(async () => {
    await closeQuietly('key shred listener', () => shredBus.stop());
    await closeQuietly('database', () => ds.destroy());
    await closeQuietly('temporal client', () => temporal.close());
    await closeQuietly('worker connection', () => connection.close());
    setWorkerStatusSource(null);
    await metrics?.close();
  });
  const metricsPort = metrics?.port ?? null;
  log.info('worker running', {
    taskQueue: config.temporal.taskQueue,
    namespace: config.temporal.namespace,
    ai: config.ai.provider,
    metricsPort,
  });
  return {
    worker,
    done,
    metricsPort,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** On the way out: a connection that fails to close changes nothing for a process that is ending, so it is logged. */
async function closeQuietly(what: string, close: () => Promise<unknown>): Promise<void> {
  try {
    await close();
  } catch (err) {
    log.warn(`${what} did not close cleanly at shutdown`, { error: String(err) });
  }
}

/** The weekly review digest's Schedule, created or updated to this worker's configuration. */
async function manageReviewDigest(config: AppConfig, temporal: TemporalClientHandle): Promise<void> {
  if (!config.reviewDigest) return;
  try {
    const outcome = await ensureReviewDigestSchedule(temporal.client, {
      ...config.reviewDigest,
      taskQueue: config.temporal.taskQueue,
    });
    log.info(`review digest schedule ${outcome}`, {
      cron: config.reviewDigest.cron,
      timezone: config.reviewDigest.timezone,
    });
  } catch (err) {
    // Conversations matter more than the digest: the worker runs on, and says so loudly.
    log.error('review digest schedule not set up', { error: String(err) });
  }
}

/** The retention sweep's Schedule (closed conversations older than RETENTION_CLOSED_CONVERSATION_DAYS are erased). */
async function manageRetention(config: AppConfig, temporal: TemporalClientHandle): Promise<void> {
  const { cron, closedConversationDays } = config.dataProtection.retention;
  if (!cron) return;
  try {
    const outcome = await ensureRetentionSchedule(temporal.client, {
      cron,
      closedConversationDays,
      taskQueue: config.temporal.taskQueue,
    });
    log.info(`retention schedule ${outcome}`, { cron, closedConversationDays });
  } catch (err) {
    log.error('retention schedule not set up', { error: String(err) });
  }
}
