import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { workerWithSandboxCallTimeout } from '../../src/worker/support-worker';
import type { conversationWorkflow } from '../../workflows';
import {
  agentMessageUpdate,
  claimConversationUpdate,
  confirmResolvedUpdate,
  customerMessageStoredSignal,
  CONVERSATION_WORKFLOW_TYPE,
  conversationStateQuery,
  type ConversationStateView,
  policyChangedSignal,
  resolveConversationUpdate,
  sendCustomerMessageUpdate,
} from '../../workflows/conversation/conversation.messages';
import { testEnv } from '../support/env';
import { workflowBundle } from '../support/workflow-bundle';
import { FakeConversation, fakeActivities, type PolicyDocument, type Tier } from './fake-activities';

/**
 * Workflow-level tests of the conversation workflow: the real workflow code on the run's Temporal dev server
 * (TestWorkflowEnvironment over the server test/support/global-setup.ts started), a worker of our own on a private
 * task queue, and fake activities. Rules play out in seconds with second-scale policies.
 */
export interface ConversationWorker {
  start(opts: StartOptions): Promise<ConversationUnderTest>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The customer's first message (the update-with-start, as the API sends it). */
  first: string;
  policy: PolicyDocument;
  tier?: Tier;
  /** The AI's analysis and answer per turn (default: a confident answer; a request when a person is mentioned). */
  ai?: FakeConversation['ai'];
  continueAsNewAfterTurns?: number;
  /** How long each AI activity takes, from the first turn on. */
  aiDelayMs?: number;
  /** How long gathering the context takes (slow CRM and billing sources). */
  contextDelayMs?: number;
  /** The tier the API read from the customers table at start (absent: a start from before it was passed). */
  customerTier?: Tier;
  /** Every notification attempt fails from the start. */
  notificationsFail?: boolean;
  /** The AI answers inside the workflow task, a local activity (as the API starts runs with the local AI). */
  aiInWorkflowTask?: boolean;
  /** The API gathers the context after the start and records it (no prefetch was ready), as it starts runs now. */
  contextFromStart?: boolean;
}

/** `sandboxCallTimeoutMs`: the worker's bound on each call into the workflow sandbox (null: none; default 5 s). */
export async function startConversationWorker({
  sandboxCallTimeoutMs = 5000,
}: { sandboxCallTimeoutMs?: number | null } = {}): Promise<ConversationWorker> {
  quietRuntime();
  const { temporalAddress, namespace } = testEnv();
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: temporalAddress, namespace });
  const taskQueue = `wf-test-${randomUUID().slice(0, 8)}`;
  const fakes = new Map<string, FakeConversation>();
  const worker = await workerWithSandboxCallTimeout(sandboxCallTimeoutMs).create({
    connection: env.nativeConnection,
    namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: fakeActivities(fakes),
  });
  const running = worker.run();
  return {
    async start(opts) {
      const conversationId = randomUUID();
      const workflowId = `conversation-${conversationId}`;
      const fake = new FakeConversation(opts.policy);
      if (opts.tier) fake.tier = opts.tier;
      if (opts.ai) fake.ai = opts.ai;
      if (opts.notificationsFail) fake.notificationsFail = true;
      if (opts.aiDelayMs) fake.aiDelayMs = opts.aiDelayMs;
      if (opts.contextDelayMs) fake.contextDelayMs = opts.contextDelayMs;
      fakes.set(workflowId, fake);
      const start = new WithStartWorkflowOperation<typeof conversationWorkflow>(CONVERSATION_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [
          {
            conversationId,
            customerId: 'cus-test',
            channel: 'web',
            pageContext: { route: '/dashboards/1' },
            continueAsNewAfterTurns: opts.continueAsNewAfterTurns,
            ...(opts.customerTier && { customerTier: opts.customerTier }),
            ...(opts.aiInWorkflowTask && { aiInWorkflowTask: true }),
            ...(opts.contextFromStart && { contextFromStart: true }),
          },
        ],
        workflowIdConflictPolicy: 'FAIL',
      });
      const clientMessageId = randomUUID();
      await env.client.workflow.executeUpdateWithStart(sendCustomerMessageUpdate, {
        args: [{ clientMessageId, body: opts.first }],
        updateId: `customer-message-${clientMessageId}`,
        startWorkflowOperation: start,
      });
      return new ConversationUnderTest(await start.workflowHandle(), fake, clientMessageId);
    },
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** The SDK's own INFO lines (worker state changes) would bury a failure's output: warnings and errors only. */
function quietRuntime() {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already (another test file of this process, or the test environment): keep it.
  }
}

/** One conversation: what the customer and agents do to it (the API's updates), and what it recorded. */
export class ConversationUnderTest {
  constructor(
    readonly handle: WorkflowHandle<typeof conversationWorkflow>,
    readonly fake: FakeConversation,
    /** The first message's client id. */
    readonly firstMessageId: string,
  ) {}

  says(body: string, clientMessageId: string = randomUUID()) {
    return this.handle.executeUpdate(sendCustomerMessageUpdate, {
      args: [{ clientMessageId, body }],
      updateId: `customer-message-${clientMessageId}`,
    });
  }

  /**
   * A message the API stored itself (the message path): signalled, saying whether the conversation is due after it,
   * or parked for the workflow to take (no signal), as PERSIST_MESSAGE_SQL.fromApi decides.
   */
  async storedByApi(body: string, how: { due?: boolean; parked?: boolean } = {}) {
    const clientMessageId = randomUUID();
    const { seq } = this.fake.store({ conversationId: 'x', authorKind: 'CUSTOMER', body, clientMessageId });
    const message = { messageId: `msg-${seq}`, seq, body, clientMessageId };
    if (how.parked) this.fake.parked.push(message);
    else await this.handle.signal(customerMessageStoredSignal, { ...message, ...(how.due && { due: true }) });
    return message;
  }

  claim(agentId: string, agentTier = 'TIER1', onCall = false) {
    return this.handle.executeUpdate(claimConversationUpdate, { args: [{ agentId, agentTier, onCall }] });
  }

  agentSays(agentId: string, body: string) {
    return this.handle.executeUpdate(agentMessageUpdate, { args: [{ agentId, clientMessageId: randomUUID(), body }] });
  }

  resolve(agentId: string, summary = 'solved') {
    return this.handle.executeUpdate(resolveConversationUpdate, { args: [{ agentId, summary }] });
  }

  confirmResolved() {
    return this.handle.executeUpdate(confirmResolvedUpdate, { args: [{ customerId: 'cus-test' }] });
  }

  /** An admin published a new policy version: the fake serves it and the conversation is told, as the API does. */
  async publish(policy: PolicyDocument) {
    const snapshot = this.fake.publish(policy);
    await this.handle.signal(policyChangedSignal, { version: snapshot.version });
    return snapshot;
  }

  state() {
    return this.handle.query(conversationStateQuery);
  }

  /** Polls the workflow's state (the newest run's) until `pred` holds. */
  async stateWhen(pred: (s: ConversationStateView) => boolean, timeoutMs = 15_000): Promise<ConversationStateView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.state();
      if (pred(s)) return s;
      if (Date.now() > deadline) throw new Error(`state not reached in ${timeoutMs} ms: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The error code a refused update carries (its ApplicationFailure type); fails the test if it was accepted. */
export async function rejectionOf(update: Promise<unknown>): Promise<string | undefined> {
  try {
    await update;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)
      return err.cause.type ?? undefined;
    throw err;
  }
  throw new Error('the update was accepted');
}
