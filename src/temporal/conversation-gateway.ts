import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  addInternalNoteUpdate,
  type AddInternalNoteInput,
  conversationStateQuery,
  reassignConversationUpdate,
  type ReassignInput,
  type StoredNote,
  takeOverConversationUpdate,
  type TakeOverInput,
  agentMessageUpdate,
  type AgentMessageInput,
  type ClaimInput,
  approveBillingActionUpdate,
  type ApproveBillingActionInput,
  type BillingActionState,
  billingEventSignal,
  changeOwnerUpdate,
  type ChangeOwnerInput,
  claimConversationUpdate,
  closeConversationUpdate,
  type CloseConversationInput,
  confirmResolvedUpdate,
  CONVERSATION_WORKFLOW_TYPE,
  type ConversationStateView,
  type ConversationWorkflowInput,
  policyChangedSignal,
  proposeBillingActionUpdate,
  type ProposeBillingActionInput,
  rejectBillingActionUpdate,
  type RejectBillingActionInput,
  releaseConversationUpdate,
  type ReleaseInput,
  requestHumanUpdate,
  resolveConversationUpdate,
  type ResolveInput,
  customerMessageStoredSignal,
  sendCustomerMessageUpdate,
  type SendCustomerMessageInput,
  type StoredCustomerMessage,
  transferConversationUpdate,
  type TransferInput,
} from '../../workflows/conversation/conversation.messages';
import { ConversationStatus, type StoredMessage } from '../../domain/conversation';
import { ChannelKey, CustomerTierKey, SupportStatusKey } from '../../domain/search-attributes';
import { rememberWorkflowOwner } from '../crypto/workflow-owners';
import { badInput } from '../errors';
import {
  callTemporal,
  classifyTemporalFailure,
  signalUnlessEnded,
  toAppError,
  unavailable,
  type TemporalCall,
} from './failures';
import {
  agentMessageUpdateId,
  approveBillingActionUpdateId,
  closeConversationUpdateId,
  internalNoteUpdateId,
  confirmResolvedUpdateId,
  conversationWorkflowId,
  customerMessageUpdateId,
  requestHumanUpdateId,
} from './ids';

/** Every call names its conversation: the workflow id is built here, and failures are logged with it. */
type On<T> = T & { conversationId: string };

/** An update or signal on a conversation whose workflow has ended answers like a closed conversation. */
const closed = () => badInput('conversation is closed');

export interface StartConversationCall {
  workflow: ConversationWorkflowInput;
  customerTier: string;
  message: SendCustomerMessageInput;
}

/**
 * Every start, update and signal the application sends to conversation workflows. The workflow's validators and
 * handlers decide; what they reject comes back as our error codes (see failures.ts).
 */
export class ConversationGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    /** How long a start or update may wait for its outcome before the caller hears UNAVAILABLE. */
    private readonly callTimeoutMs: number,
    /** Unset: Temporal's default (10 s). Continue-as-new keeps it. */
    private readonly workflowTaskTimeoutMs?: number,
  ) {}

  /**
   * Waits at most callTimeoutMs: with no worker polling, or a store retrying while PostgreSQL is down, the caller
   * hears UNAVAILABLE instead of hanging. An Update Temporal admitted goes on; a resend with the same update id
   * attaches to it and answers its result.
   */
  private bounded<T>(run: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.callTimeoutMs, run);
  }

  /**
   * The customer's first message, with update-with-start: a retried start (same client message id, so the same
   * conversation id) lands on the running workflow, and the message once. A retried start of a conversation that
   * has ended answers 'ended': it never starts a second run (no conversation brought back to life, no ladder
   * re-fired).
   */
  async startConversation({
    workflow,
    customerTier,
    message,
  }: StartConversationCall): Promise<StoredMessage | 'ended'> {
    const { conversationId } = workflow;
    const workflowId = conversationWorkflowId(conversationId);
    // Its row does not exist yet: the codec learns here whose key encrypts the first message.
    rememberWorkflowOwner(workflowId, workflow.customerId);
    const startWorkflowOperation = new WithStartWorkflowOperation(CONVERSATION_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: this.taskQueue,
      args: [workflow],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowTaskTimeout: this.workflowTaskTimeoutMs,
      typedSearchAttributes: [
        { key: SupportStatusKey, value: ConversationStatus.AI_ACTIVE },
        { key: ChannelKey, value: workflow.channel },
        { key: CustomerTierKey, value: customerTier },
      ],
    });
    const call = { operation: 'startConversation', workflowId, conversationId };
    try {
      return await this.bounded(() =>
        this.client.workflow.executeUpdateWithStart(sendCustomerMessageUpdate, {
          args: [message],
          updateId: customerMessageUpdateId(message.clientMessageId),
          startWorkflowOperation,
        }),
      );
    } catch (err) {
      if (classifyTemporalFailure(err).kind === 'already-started') return this.startedAlready(workflowId, call);
      throw toAppError(err, call, closed);
    }
  }

  /**
   * A start refused because the workflow exists: 'ended' when it has closed; while it runs, the first attempt is
   * still being admitted (a resend that overtook it under load), so the caller hears UNAVAILABLE and resends.
   */
  private async startedAlready(workflowId: string, call: TemporalCall): Promise<'ended'> {
    const d = await callTemporal(call, closed, () =>
      this.bounded(() => this.client.workflow.getHandle(workflowId).describe()),
    );
    if (d.status.name === 'RUNNING') throw unavailable();
    return 'ended';
  }

  /** `stateAt`: when the conversation the customer acted on was last changed (a double click lands once). */
  requestHuman({ conversationId, customerId, stateAt }: On<{ customerId: string; stateAt: Date }>) {
    return this.update(
      'requestHuman',
      conversationId,
      requestHumanUpdate,
      { customerId },
      { updateId: requestHumanUpdateId(conversationId, stateAt) },
    );
  }

  confirmResolved({ conversationId, customerId, stateAt }: On<{ customerId: string; stateAt: Date }>) {
    return this.update(
      'confirmResolved',
      conversationId,
      confirmResolvedUpdate,
      { customerId },
      { updateId: confirmResolvedUpdateId(conversationId, stateAt) },
    );
  }

  /** A visitor signed in: idempotent per new owner (a retried sign-in lands once). */
  changeOwner({ conversationId, ...input }: On<ChangeOwnerInput>): Promise<ConversationStateView> {
    return this.update('changeOwner', conversationId, changeOwnerUpdate, input, {
      updateId: `owner-${conversationId}-${input.customerId}`,
    });
  }

  close({ conversationId, ...input }: On<CloseConversationInput>): Promise<ConversationStateView> {
    return this.update('close', conversationId, closeConversationUpdate, input, {
      updateId: closeConversationUpdateId(conversationId),
    });
  }

  claim({ conversationId, ...agent }: On<ClaimInput>): Promise<ConversationStateView> {
    return this.update('claim', conversationId, claimConversationUpdate, agent);
  }

  sendAgentMessage({ conversationId, ...message }: On<AgentMessageInput>): Promise<StoredMessage> {
    return this.update('sendAgentMessage', conversationId, agentMessageUpdate, message, {
      updateId: agentMessageUpdateId(message.clientMessageId),
    });
  }

  release({ conversationId, ...input }: On<ReleaseInput>): Promise<ConversationStateView> {
    return this.update('release', conversationId, releaseConversationUpdate, input);
  }

  transfer({ conversationId, ...input }: On<TransferInput>): Promise<ConversationStateView> {
    return this.update('transfer', conversationId, transferConversationUpdate, input);
  }

  resolve({ conversationId, ...input }: On<ResolveInput>): Promise<ConversationStateView> {
    return this.update('resolve', conversationId, resolveConversationUpdate, input);
  }

  addInternalNote({ conversationId, ...note }: On<AddInternalNoteInput>): Promise<StoredNote> {
    return this.update('addInternalNote', conversationId, addInternalNoteUpdate, note, {
      updateId: internalNoteUpdateId(note.clientNoteId),
    });
  }

  takeOver({ conversationId, ...input }: On<TakeOverInput>): Promise<ConversationStateView> {
    return this.update('takeOver', conversationId, takeOverConversationUpdate, input);
  }

  reassign({ conversationId, ...input }: On<ReassignInput>): Promise<ConversationStateView> {
    return this.update('reassign', conversationId, reassignConversationUpdate, input);
  }

  /** What the workflow holds now (e.g. who won a claim race before the read model shows it). */
  state({ conversationId }: { conversationId: string }): Promise<ConversationStateView> {
    const workflowId = conversationWorkflowId(conversationId);
    return callTemporal({ operation: 'state', workflowId, conversationId }, closed, () =>
      this.client.workflow.getHandle(workflowId).query(conversationStateQuery),
    );
  }

  proposeBillingAction({ conversationId, ...input }: On<ProposeBillingActionInput>): Promise<BillingActionState> {
    return this.update('proposeBillingAction', conversationId, proposeBillingActionUpdate, input);
  }

  approveBillingAction({ conversationId, ...input }: On<ApproveBillingActionInput>): Promise<BillingActionState> {
    return this.update('approveBillingAction', conversationId, approveBillingActionUpdate, input, {
      updateId: approveBillingActionUpdateId(input.actionId, input.agentId),
    });
  }

  rejectBillingAction({ conversationId, ...input }: On<RejectBillingActionInput>): Promise<BillingActionState> {
    return this.update('rejectBillingAction', conversationId, rejectBillingActionUpdate, input);
  }

  /** A Stripe event for the customer's open conversation; 'ended' when it was closed meanwhile (counted). */
  signalBillingEvent({ conversationId, ...event }: On<{ eventId: string; type: string }>) {
    const workflowId = conversationWorkflowId(conversationId);
    return signalUnlessEnded({ operation: 'signalBillingEvent', workflowId, conversationId }, () =>
      this.bounded(() => this.client.workflow.getHandle(workflowId).signal(billingEventSignal, event)),
    );
  }

  /**
   * A customer message the API has stored, to its workflow (the message path); 'ended' when the conversation's
   * workflow has closed. Repeating it is harmless: the workflow takes a message once.
   */
  deliverCustomerMessage({ conversationId, ...message }: On<StoredCustomerMessage>) {
    const workflowId = conversationWorkflowId(conversationId);
    return signalUnlessEnded({ operation: 'deliverCustomerMessage', workflowId, conversationId }, () =>
      this.bounded(() => this.client.workflow.getHandle(workflowId).signal(customerMessageStoredSignal, message)),
    );
  }

  /** A new policy version for a waiting conversation (its ladder re-plans); 'ended' when it ended meanwhile. */
  signalPolicyChanged({ conversationId, version }: On<{ version: number }>) {
    const workflowId = conversationWorkflowId(conversationId);
    return signalUnlessEnded({ operation: 'signalPolicyChanged', workflowId, conversationId }, () =>
      this.bounded(() => this.client.workflow.getHandle(workflowId).signal(policyChangedSignal, { version })),
    );
  }

  private update<Ret, Arg>(
    operation: string,
    conversationId: string,
    def: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    opts: { updateId?: string } = {},
  ): Promise<Ret> {
    const workflowId = conversationWorkflowId(conversationId);
    return callTemporal({ operation, workflowId, conversationId }, closed, () =>
      this.bounded(() => this.client.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg], ...opts })),
    );
  }
}
