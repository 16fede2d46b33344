import type { EscalationRecord } from '../../workflows/conversation/conversation.messages';
import type { QueueInfo } from '../../src/services/queue-info';
import type { HandoffWriter } from '../../src/ai/handoff-writer';
import type { HandoffStore } from '../../src/services/handoff-store';
import type { Handoff } from '../../src/services/context.types';

export type { Handoff } from '../../src/services/context.types';

const firstSentence = (s: string, max = 220) => {
  const t = s.trim().replace(/\s+/g, ' ');
  const cut = t.split(/(?<=[.!?¿¡])\s/)[0] ?? t;
  return cut.length > max ? `${cut.slice(0, max - 1)}…` : cut;
};

/** Ends with a full stop unless it ends a sentence already (also inside a closing quote). */
const asSentence = (text: string) => (/[.!?]["”»')]?$/.test(text) ? text : `${text}.`);

const REASON_WORDS: Record<string, string> = {
  EXPLICIT_REQUEST: 'the customer asked for a person',
  CATEGORY: 'the topic is one policy sends to people',
  FRUSTRATION: 'the customer is frustrated',
  LOW_CONFIDENCE: 'the knowledge base does not answer it with enough confidence',
  PATIENCE: 'the AI answered several times without solving it',
  AI_UNAVAILABLE: 'the AI could not answer',
};

export function createHandoffActivities(deps: {
  store: Pick<HandoffStore, 'material' | 'save' | 'queueInfo'>;
  writer: HandoffWriter;
}) {
  const { store, writer } = deps;
  return {
    /**
     * Everything an agent needs to start without asking again, assembled from the conversation (an LLM provider
     * writes the summary instead when configured). Stored on the conversation; rebuilt idempotently.
     */
    async buildHandoff(input: { conversationId: string; escalation: EscalationRecord }): Promise<Handoff> {
      const conv = await store.material(input.conversationId);
      const messages = conv.messages;
      const fromCustomer = messages.filter((m) => m.authorKind === 'CUSTOMER');
      const aiAttempts = messages
        .filter((m) => m.authorKind === 'AI')
        .map((m) => ({
          seq: m.seq,
          excerpt: firstSentence(m.body, 160),
          confidence: m.ai?.confidence ?? null,
          sources: (m.ai?.sources ?? []).map((s) => s.id),
        }));
      const ctx = conv.context;
      const customer = ctx?.customer ?? null;
      const e = input.escalation;
      const decisive = e.triggers.find((t) => t.kind === e.reason);
      const category = e.category ? ` (${e.category.replace(/_/g, ' ')})` : '';
      const reason = REASON_WORDS[e.reason] ?? e.reason;
      // The detector's evidence may open with what the reason already says ("asked for a person: …"): said once.
      const said = decisive?.evidence?.replace(/^asked for a person:\s*/i, '') ?? '';
      const evidence = said ? `: ${said}` : '';
      const whyStopped = asSentence(`${reason}${category}${evidence}`);
      const first = fromCustomer[0]?.body ?? '';
      const latest = fromCustomer[fromCustomer.length - 1]?.body ?? '';
      const who = customer
        ? `${customer.name}${customer.company ? ` (${customer.company}, ${customer.tier})` : ` (${customer.tier})`}`
        : conv.customerId;
      const citing = aiAttempts.some((a) => a.sources.length)
        ? `, citing ${[...new Set(aiAttempts.flatMap((a) => a.sources.slice(0, 1)))].join(', ')}`
        : '';
      const summary = [
        `${who} wrote ${fromCustomer.length} message${fromCustomer.length === 1 ? '' : 's'}.`,
        `First: "${firstSentence(first)}"`,
        fromCustomer.length > 1 ? `Latest: "${firstSentence(latest)}"` : null,
        aiAttempts.length
          ? `The AI answered ${aiAttempts.length} time${aiAttempts.length === 1 ? '' : 's'}${citing}.`
          : 'The AI did not answer.',
        `Handed over because ${whyStopped}`,
      ]
        .filter(Boolean)
        .join(' ');
      // Where the customer is now: their latest message that named a page; where they started, when that differs.
      const startedOn = conv.pageContext;
      const page = [...fromCustomer].reverse().find((m) => m.page)?.page ?? startedOn;
      const flags = [
        e.reason === 'FRUSTRATION' || (e.sentiment !== null && e.sentiment <= -0.5) ? 'frustrated' : null,
        e.category,
        customer?.tier === 'ENTERPRISE' ? 'enterprise' : null,
        (ctx?.previousConversations ?? []).some((p) => Date.now() - Date.parse(p.createdAt) < 7 * 24 * 3600 * 1000)
          ? 'repeat contact this week'
          : null,
        typeof page.errorMessage === 'string' && page.errorMessage
          ? `page error: ${String(page.errorMessage).split(/[\s:]/)[0]}`
          : null,
        ctx && !ctx.billing?.available ? 'billing context unavailable' : null,
      ].filter((f): f is string => Boolean(f));
      const draft = await writer.write({
        transcript: messages.map((m) => ({ author: m.authorKind.toLowerCase(), body: m.body })),
        whyStopped,
        fallback: {
          goal: firstSentence(
            e.reason === 'EXPLICIT_REQUEST' && fromCustomer.length > 1
              ? fromCustomer[fromCustomer.length - 2].body
              : latest || first,
          ),
          summary,
        },
      });
      const handoff: Handoff = {
        goal: draft.goal,
        summary: draft.summary,
        summaryBy: draft.writtenBy,
        aiAttempts,
        whyStopped,
        pageContext: page,
        ...(JSON.stringify(page) === JSON.stringify(startedOn) ? {} : { startedOn }),
        account: {
          customerId: conv.customerId,
          name: customer?.name ?? null,
          company: customer?.company ?? null,
          tier: customer?.tier ?? null,
          plan: customer?.plan ?? null,
          seats: customer?.seats ?? null,
          mrrUsd: customer?.mrrUsd ?? null,
          previousConversations: ctx?.previousConversations ?? [],
          crm: ctx?.crm ?? null,
          billing: ctx?.billing ?? null,
        },
        flags,
        builtAt: new Date().toISOString(),
      };
      await store.save(input.conversationId, handoff);
      return handoff;
    },

    /** Where the customer stands in the queue, and a wait estimate. */
    async estimateQueue(input: { conversationId: string; tier: string }): Promise<QueueInfo> {
      return store.queueInfo(input.conversationId, input.tier);
    },
  };
}
