import { randomUUID } from 'node:crypto';
import { signToken } from '../src/auth/jwt';
import { conversationIdFor } from '../src/services/ids';
import { gql, START } from './app-client';
import type { CommitClock } from './commit-clock';
import { questionFor } from './questions';
import { percentiles, progress, sleep, type Percentiles } from './report';
import { JWT_SECRET } from './system';

const PREPARE = `mutation Prepare($p: PageContextInput) { prepareConversation(pageContext: $p) { status } }`;

export interface FirstReplyResult {
  /** startConversation round trip (its acknowledgement). */
  startAckMs: Percentiles;
  /** Send of startConversation → commit of the first answer (the subscriber hears it a fan-out later). */
  firstReplyMs: Percentiles;
  failures: number;
}

/**
 * A new conversation's first answer, one at a time. `prefetched`: the widget opened first (prepareConversation in a
 * widget session, waited until READY), so the first turn adopts the context; cold: no prefetch, the turn gathers
 * (the CRM and billing stubs answer after their fixed delay). Each uses customers the other never used, since a
 * start adopts the customer's newest ready prefetch.
 */
export async function firstReply(
  port: number,
  clock: CommitClock,
  customers: string[],
  samples: number,
  prefetched: boolean,
): Promise<FirstReplyResult> {
  const ack: number[] = [];
  const reply: number[] = [];
  let failures = 0;
  for (let i = 0; i < samples; i++) {
    const customerId = customers[i % customers.length];
    const token = signToken(JWT_SECRET, { sub: customerId, role: 'customer', sessionId: randomUUID() });
    try {
      if (prefetched) {
        const page = { p: { route: '/dashboards/2210', title: 'Revenue' } };
        const deadline = Date.now() + 10_000;
        while (
          (await gql<{ prepareConversation: { status: string } }>(port, token, PREPARE, page)).prepareConversation
            .status !== 'READY'
        ) {
          if (Date.now() > deadline) throw new Error('prefetch not READY within 10 s');
          await sleep(50);
        }
      }
      const clientMessageId = randomUUID();
      const id = conversationIdFor(customerId, clientMessageId);
      const t0 = performance.now();
      await gql(port, token, START, { input: { body: questionFor(i, 0), clientMessageId } });
      ack.push(performance.now() - t0);
      const deadline = performance.now() + 20_000;
      let at = clock.nthCommit(id, 1);
      while (at === undefined && performance.now() < deadline) {
        await sleep(5);
        at = clock.nthCommit(id, 1);
      }
      if (at === undefined) throw new Error(`no first answer for ${id} within 20 s`);
      reply.push(at - t0);
    } catch (err) {
      if (++failures <= 3) progress(`  first reply: ${String(err)}`);
    }
  }
  return { startAckMs: percentiles(ack), firstReplyMs: percentiles(reply), failures };
}
