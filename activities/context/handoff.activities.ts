import type { DataSource } from 'typeorm';
import type { EscalationRecord } from '../../workflows/conversation/conversation.messages';
import { queueInfo, type QueueInfo } from '../../src/services/queue-info';
import type { HandoffWriter } from '../../src/ai/handoff-writer';
import { storedAiMeta, storedConversation, storedMessagePage } from '../../src/db/json/conversation-json';
import type { Handoff } from '../../src/services/context.types';

export type { Handoff } from '../../src/services/context.types';

const firstSentence = (s: string, max = 220) => {
  const t = s.trim().replace(/\s+/g, ' ');
  const cut = t.split(/(?<=[.!?¿¡])\s/)[0] ?? t;
  return cut.length > max ? `${cut.slice(0, max - 1)}…` : cut;
};

const REASON_WORDS: Record<string, string> = {
  EXPLICIT_REQUEST: 'the customer asked for a person',
  CATEGORY: 'the topic is one policy sends to people',
  FRUSTRATION: 'the customer is frustrated',
  LOW_CONFIDENCE: 'the knowledge base does not answer it with enough confidence',
  PATIENCE: 'the AI answered several times without solving it',
  AI_UNAVAILABLE: 'the AI could not answer',
};

export function createHandoffActivities(deps: { ds: DataSource; writer: HandoffWriter }) {
  const { ds, writer } = deps;
  return {
    /**
     * Everything an agent needs to start without asking again, assembled from the conversation (an LLM provider
     * writes the summary instead when configured). Stored on the conversation; rebuilt idempotently.
     */
    async buildHandoff(input: { conversationId: string; escalation: EscalationRecord }): Promise<Handoff> {
      const [row] = (await ds.query('SELECT customer_id, page_context, context FROM conversations WHERE id = $1', [
        input.conversationId,
      ])) as Array<{ customer_id: string; page_context: unknown; context: unknown }>;
      const conv = {
        customer_id: row.customer_id,
        page_context: storedConversation.pageContext(input.conversationId, row.page_context),
        context: storedConversation.context(input.conversationId, row.context),
      };
      const stored = (await ds.query(
        'SELECT id, seq, author_kind, body, ai, page_context FROM messages WHERE conversation_id = $1 ORDER BY seq',
        [input.conversationId],
      )) as Array<{ id: string; seq: number; author_kind: string; body: string; ai: unknown; page_context: unknown }>;
      const messages = stored.map((m) => ({
        ...m,
        ai: storedAiMeta(m.id, m.ai),
        page: storedMessagePage(m.id, m.page_context),
      }));
      const fromCustomer = messages.filter((m) => m.author_kind === 'CUSTOMER');
      const aiAttempts = messages
        .filter((m) => m.author_kind === 'AI')
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
      const evidence = decisive?.evidence ? `: ${decisive.evidence}` : '';
      const whyStopped = `${REASON_WORDS[e.reason] ?? e.reason}${category}${evidence}.`;
      const first = fromCustomer[0]?.body ?? '';
      const latest = fromCustomer[fromCustomer.length - 1]?.body ?? '';
      const who = customer
        ? `${customer.name}${customer.company ? ` (${customer.company}, ${customer.tier})` : ` (${customer.tier})`}`
        : conv.customer_id;
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
      const startedOn = conv.page_context ?? {};
      const page = [...fromCustomer].reverse().find((m) => m.page !== null)?.page ?? startedOn;
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
        transcript: messages.map((m) => ({ author: m.author_kind.toLowerCase(), body: m.body })),
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
          customerId: conv.customer_id,
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
      await ds.query('UPDATE conversations SET handoff = $2 WHERE id = $1', [
        input.conversationId,
        JSON.stringify(handoff),
      ]);
      return handoff;
    },

    /** Where the customer stands in the queue, and a wait estimate. */
    async estimateQueue(input: { conversationId: string; tier: string }): Promise<QueueInfo> {
      return queueInfo(ds, input.conversationId, input.tier);
    },
  };
}
