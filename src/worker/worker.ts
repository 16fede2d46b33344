import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { type AppConfig, databaseUrlOf } from '../config';
import { createDataSource } from '../db/data-source';
import { logger } from '../logger';
import { repoRoot } from '../paths';
import { connectTemporalClient, type TemporalClientHandle } from '../temporal/client';
import { ensureReviewDigestSchedule } from '../temporal/digest-schedule';
import { ensureSearchAttributes } from '../temporal/search-attributes';

const log = logger('worker');

/** Prebundled by `npm run build` (scripts/bundle-workflows); falls back to bundling the sources at start. */
function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = path.join(repoRoot(), 'dist', 'workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../../workflows') };
}

export interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(config: AppConfig): Promise<RunningWorker> {
  const ds = createDataSource(databaseUrlOf(config), { poolSize: 10, applicationName: 'support-worker' });
  await ds.initialize();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const added = await ensureSearchAttributes(connection, config.temporal.namespace);
  if (added.length) log.info('registered search attributes', { added });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workflowSource(),
    activities: createActivities({ ds, ai: config.ai, integrations: config.integrations, learning: config.learning }),
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
  });
  await manageReviewDigest(config);
  const done = worker.run().finally(async () => {
    await ds.destroy().catch(() => undefined);
    await connection.close().catch(() => undefined);
  });
  log.info('worker running', { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace, ai: config.ai.provider });
  return {
    worker,
    done,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** The weekly review digest's Schedule, created or updated to this worker's configuration. */
async function manageReviewDigest(config: AppConfig): Promise<void> {
  if (!config.reviewDigest) return;
  let temporal: TemporalClientHandle | null = null;
  try {
    temporal = await connectTemporalClient(config);
    const outcome = await ensureReviewDigestSchedule(temporal.client, { ...config.reviewDigest, taskQueue: config.temporal.taskQueue });
    log.info(`review digest schedule ${outcome}`, { cron: config.reviewDigest.cron, timezone: config.reviewDigest.timezone });
  } catch (err) {
    // Conversations matter more than the digest: the worker runs on, and says so loudly.
    log.error('review digest schedule not set up', { error: String(err) });
  } finally {
    await temporal?.close();
  }
}
