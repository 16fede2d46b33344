import { rateLimited } from '../../errors';

/**
 * Temporal admits a bounded number of Updates in flight per workflow (10 by default) and answers RESOURCE_EXHAUSTED
 * beyond it, which its client then retries for many seconds. This process runs at most `max` at once per
 * conversation and answers RATE_LIMITED to the rest at once, so a burst never reaches that limit from one replica.
 */
export class ConversationUpdateGuard {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly max: number) {}

  async run<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(conversationId) ?? 0;
    if (running >= this.max) {
      throw rateLimited('too many requests on this conversation at once; try again shortly', 1);
    }
    this.inFlight.set(conversationId, running + 1);
    try {
      return await work();
    } finally {
      const left = (this.inFlight.get(conversationId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(conversationId, left);
      else this.inFlight.delete(conversationId);
    }
  }
}
