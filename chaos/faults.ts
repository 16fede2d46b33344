import { randomUUID } from 'node:crypto';
import type { Pool as PgPool } from 'pg';
import { sleep } from '../bench/report';
import { signStripePayload } from '../src/integrations/billing/stripe-webhook';
import type { ChatRequest, OpenAiStub, StubBehaviour } from '../test/stubs/openai-stub';
import type { DrivenConversation } from './load';
import type { ChaosSystem, Replica } from './system';

/** Runs `step` every `everyMs` until `done()`, at least `min` times; returns how many times it ran. */
export async function repeatUntil(done: () => boolean, everyMs: number, min: number, step: () => Promise<void>) {
  let n = 0;
  while (n < min || !done()) {
    await sleep(everyMs);
    if (done() && n >= min) break;
    await step();
    n++;
  }
  return n;
}

/** SIGKILLs the oldest live worker (a crashed machine: no drain, no goodbye). */
export async function killWorker(sys: ChaosSystem): Promise<Replica> {
  const [victim] = sys.workers();
  await victim.stop('SIGKILL');
  return victim;
}

/**
 * The model server misbehaving in turn: 429, 500, a stall past the client's timeout, a malformed tool call, then
 * `healthyBetween` good answers. Customers asking for a person are heard as such; everything else is answered.
 */
export function flakyModel(stub: OpenAiStub, healthyBetween = 3): Record<string, number> {
  const seen = { rateLimited: 0, serverErrors: 0, timeouts: 0, malformed: 0, answered: 0 };
  let n = 0;
  stub.respond = (req: ChatRequest): StubBehaviour => {
    const tool = req.tools?.[0]?.function.name;
    const k = n++ % (4 + healthyBetween);
    if (k === 0) {
      seen.rateLimited++;
      return { status: 429, body: { error: { message: 'Rate limit reached', type: 'rate_limit_exceeded' } } };
    }
    if (k === 1) {
      seen.serverErrors++;
      return { status: 503, body: { error: { message: 'The server is overloaded', type: 'server_error' } } };
    }
    if (k === 2) {
      seen.timeouts++;
      return { delayMs: 6_000, arguments: {} };
    }
    if (k === 3) {
      seen.malformed++;
      return { arguments: { answer: 42, confidence: 'very', citedArticleIds: 'kb-1' } };
    }
    seen.answered++;
    if (tool === 'write_handoff') return { arguments: { goal: 'Talk to a person.', summary: 'Asked for a person.' } };
    const text = JSON.stringify(req.messages.at(-1)?.content ?? '');
    const human = /human agent|a person/i.test(text);
    return {
      arguments: {
        explicitHumanRequest: human,
        category: null,
        frustration: 0.05,
        answer: human ? 'Let me bring in a person.' : 'Open Settings and follow the steps in the linked article.',
        citedArticleIds: human ? [] : ['kb-024'],
        confidence: human ? 0.5 : 0.92,
      },
    };
  };
  return seen;
}

/**
 * Stripe sending each event twice at once and once more later (its at-least-once delivery): signed webhooks for the
 * customers of the driven conversations. Counts events delivered more than once to their conversation.
 */
export async function duplicateWebhooks(
  sys: ChaosSystem,
  pg: PgPool,
  convs: DrivenConversation[],
  secret: string,
): Promise<{ webhooks: number; deliveredTwice: number; notDelivered: number; answeredWrong: number }> {
  const emails = new Map<string, string>(
    (await pg.query(`SELECT id, email FROM customers`)).rows.map((r: { id: string; email: string }) => [r.id, r.email]),
  );
  const events = convs
    .slice(0, 20)
    .map((c) => ({ id: `evt_${randomUUID().replace(/-/g, '')}`, email: emails.get(c.customerId)! }));
  const post = async (e: { id: string; email: string }): Promise<{ duplicate?: boolean } | null> => {
    const body = JSON.stringify({
      id: e.id,
      object: 'event',
      type: 'invoice.payment_failed',
      data: { object: { object: 'invoice', customer_email: e.email, customer: 'cus_chaos' } },
    });
    for (let attempt = 0; attempt < 60; attempt++) {
      try {
        const res = await fetch(`http://127.0.0.1:${sys.apiPort()}/webhooks/stripe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, secret) },
          body,
        });
        if (res.ok) return (await res.json()) as { duplicate?: boolean };
      } catch {
        // Stripe retries a delivery that failed, as it retries any non-2xx answer.
      }
      await sleep(500);
    }
    return null;
  };
  // Each event: one answer says delivered, the others say duplicate.
  let answeredWrong = 0;
  for (const e of events) {
    const answers = [...(await Promise.all([post(e), post(e)])), await post(e)];
    if (answers.some((a) => a === null) || answers.filter((a) => a?.duplicate === false).length !== 1) answeredWrong++;
  }
  await sleep(2000); // the signals are handled by the workflows
  const r = await pg.query(
    `SELECT dedupe_key, count(*)::int AS n FROM conversation_events WHERE kind = 'billing_event' AND dedupe_key = ANY($1)
     GROUP BY dedupe_key`,
    [events.map((e) => `stripe-${e.id}`)],
  );
  const counts = new Map(r.rows.map((x: { dedupe_key: string; n: number }) => [x.dedupe_key, x.n]));
  let deliveredTwice = 0;
  let notDelivered = 0;
  for (const e of events) {
    const n = counts.get(`stripe-${e.id}`) ?? 0;
    if (n === 0) notDelivered++;
    if (n > 1) deliveredTwice++;
  }
  return { webhooks: events.length, deliveredTwice, notDelivered, answeredWrong };
}
