import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { knowledgeSuggestionWorkflowId } from '../domain/workflow-ids';
import { registerMetrics, registry } from '../src/observability/metrics';
import { workflowSinks } from '../src/worker/workflow-sinks';
import {
  knowledgeSuggestionStateQuery,
  type KnowledgeSuggestionInput,
  reviewKnowledgeSuggestionUpdate,
} from '../workflows/knowledge/knowledge.messages';
import { cid, temporalClient, testCodec, uniqueQueue, waitFor } from './support/stack';
import { testEnv } from './support/env';
import { workflowBundle } from './support/workflow-bundle';

/**
 * A suggestion whose replay against past escalations keeps failing is still reviewed (the report stays empty), and
 * the failure is not silent: the worker logs it with the conversation, counts it on /metrics, and the view says so.
 */
async function swallowed(where: string): Promise<number> {
  const metric = await registry.getSingleMetric('support_swallowed_errors_total')!.get();
  return metric.values.find((v) => v.labels.where === where)?.value ?? 0;
}

it('a failed replay is logged, counted and shown, and the review goes on', async () => {
  registerMetrics('worker');
  const before = await swallowed('knowledge_replay');
  const connection = await NativeConnection.connect({ address: testEnv().temporalAddress });
  const t = await temporalClient();
  const codec = testCodec();
  const rejected: string[] = [];
  try {
    const taskQueue = uniqueQueue('kb-replay');
    const worker = await Worker.create({
      connection,
      namespace: testEnv().namespace,
      taskQueue,
      // The suite's one bundle of every workflow (bundling takes seconds).
      workflowBundle: await workflowBundle(),
      // The test's client encrypts what it starts: this worker reads it as the real one does.
      dataConverter: { payloadCodecs: [codec.codec] },
      sinks: workflowSinks(),
      activities: {
        draftKnowledgeSuggestion: async () => ({
          outcome: 'CREATED',
          suggestionId: 's-1',
          reason: 'new question',
          remindAfterSeconds: 3600,
        }),
        replayKnowledgeSuggestion: async () => {
          throw ApplicationFailure.nonRetryable('the knowledge index is unreadable', 'IndexUnreadable');
        },
        rejectKnowledgeSuggestion: async (r: { suggestionId: string }) => void rejected.push(r.suggestionId),
      },
    });
    const conversationId = cid();
    const input: KnowledgeSuggestionInput = { conversationId, kbWorthy: true };
    await worker.runUntil(async () => {
      const handle = await t.client.workflow.start('knowledgeSuggestionWorkflow', {
        workflowId: knowledgeSuggestionWorkflowId(conversationId, 1),
        taskQueue,
        args: [input],
      });
      const view = await waitFor(async () => {
        const v = await handle.query(knowledgeSuggestionStateQuery);
        return v.status === 'PENDING' ? v : undefined;
      });
      expect(view).toMatchObject({ suggestionId: 's-1', replayFailed: true });
      const result = await handle.executeUpdate(reviewKnowledgeSuggestionUpdate, {
        args: [{ decision: 'REJECT', reviewerId: 'admin:a-1', reason: 'not needed' }],
      });
      expect(result.status).toBe('REJECTED');
      await handle.result();
    });
    expect(rejected).toEqual(['s-1']);
    expect(await swallowed('knowledge_replay')).toBe(before + 1);
  } finally {
    await t.close();
    await codec.close();
    await connection.close();
  }
});
