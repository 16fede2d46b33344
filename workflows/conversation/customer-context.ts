import { log } from '@temporalio/workflow';
import { hasPatch } from './patches';
import { upsertChanged } from './search-attributes';
import type { Tier } from '../../domain/escalation';
import { CustomerTierKey } from '../../domain/search-attributes';
import { context, store } from './activity-proxies';
import type { CarriedConversationState, ConversationWorkflowInput, PendingTurn } from './conversation.messages';

/** What the context gathering yields that the turn needs: the customer's tier. */
export type GatheredContext = { customer: { tier: string } | null } | null;

/** A context the API records at the start, not recorded yet. */
const NOT_YET = Symbol('not yet');

/** The parts of a conversation run its customer context reads and writes. */
export interface ContextOwner {
  readonly input: ConversationWorkflowInput;
  readonly state: CarriedConversationState;
  readonly conversationId: string;
  readonly customerId: string;
}

/**
 * The customer's account context of a conversation (page, customer record, CRM, billing, previous conversations):
 * gathered once per owner, before the first turn or beside it, and the tier the decisions read from it.
 */
export class CustomerContext {
  private ready: boolean;
  private gathering: Promise<void> | null = null;
  /** The turn whose context the API is gathering (contextFromStart): read back when next needed. */
  private recordedAtStart: PendingTurn | null = null;

  constructor(private readonly run: ContextOwner) {
    this.ready = run.state.tier !== undefined;
  }

  isReady(): boolean {
    return this.ready;
  }

  /** The visitor signed in as someone else: the next turn reads the new owner's context afresh. */
  forget(): void {
    this.ready = false;
    this.recordedAtStart = null;
  }

  /**
   * The API gathers this start's context and records it with the conversation (the start said so, and the owner is
   * still the one who started it): nothing to gather at the first turn, whose decision reads the tier of the start.
   */
  gatheredByApi(): boolean {
    return !!this.run.input.contextFromStart && !this.run.state.owner;
  }

  /** The first turn goes on without the context; it is read back when next needed (see resume). */
  leaveToApi(turn: PendingTurn): void {
    this.ready = true;
    this.recordedAtStart = turn;
  }

  /**
   * A context the API was gathering at the start is read back beside the next turn (one local read), so the decisions
   * from then on read its tier. Not there yet (a second message within the API's gathering) the turn goes on, and
   * the next one reads again; `orGather` (a handoff, continue-as-new, the end: what must show the account) gathers
   * with the activity when the record is not there, as when the API went away before recording it.
   */
  resume(orGather = false): void {
    const turn = this.recordedAtStart;
    if (!turn || this.gathering) return;
    this.gathering = this.readBack(turn, orGather).then((g) => {
      if (g !== NOT_YET) {
        this.recordedAtStart = null;
        this.apply(g);
      }
      this.gathering = null;
    });
  }

  private async readBack(turn: PendingTurn, orGather: boolean): Promise<GatheredContext | typeof NOT_YET> {
    const { conversationId } = this.run;
    try {
      const recorded = await store.adoptRecordedContext(this.requestFor(turn));
      if (recorded) return recorded;
    } catch (err) {
      log.warn('recorded context unreadable', { conversationId, error: String(err) });
    }
    return orGather ? this.gather(turn) : NOT_YET;
  }

  /** The tier known before any context: the starting customer's (not once a visitor signed in as someone else). */
  startTier(): Tier | undefined {
    return this.run.state.owner ? undefined : this.run.input.customerTier;
  }

  /** The plan known at start: the starting customer's (answers say what the article says about it). */
  startPlan(): string | undefined {
    return this.run.state.owner ? undefined : this.run.input.customerPlan;
  }

  /** Gathered beside the turns instead of before them; an escalation and continue-as-new wait for it. */
  gatherBeside(turn: PendingTurn): void {
    this.ready = true;
    this.gathering = this.gather(turn).then((g) => {
      this.apply(g);
      this.gathering = null;
    });
  }

  async settled(): Promise<void> {
    if (this.gathering) await this.gathering;
    this.resume(true);
    if (this.gathering) await this.gathering;
  }

  apply(gathered: GatheredContext): void {
    const { state } = this.run;
    state.tier = (gathered?.customer?.tier as CarriedConversationState['tier']) ?? state.tier;
    this.ready = true;
    // The start set the tier it knew; upserted again only when the CRM says otherwise.
    if (state.tier) upsertChanged([{ key: CustomerTierKey, value: state.tier }]);
  }

  /** Whose context, for which conversation, from the page of the turn that needs it. */
  private requestFor(turn: PendingTurn) {
    const { input, conversationId, customerId } = this.run;
    return { conversationId, customerId, pageContext: turn.pageContext ?? input.pageContext };
  }

  async gather(turn: PendingTurn): Promise<GatheredContext> {
    const { input, conversationId } = this.run;
    const request = this.requestFor(turn);
    try {
      const prefetchSessionId = input.prefetchSessionId;
      // Gathered when the widget opened: adopted with one local read, so the first answer waits on no source.
      if (prefetchSessionId && hasPatch('adopt-context-prefetch')) {
        const adopted = await store.adoptPrefetchedContext({ ...request, prefetchSessionId });
        if (adopted) return adopted;
      }
      return await context.gatherContext(request);
    } catch (err) {
      // Context enriches the turn; without it the AI still answers (tier unknown: the strictest defaults apply).
      log.warn('context unavailable', { conversationId, error: String(err) });
      return null;
    }
  }
}
