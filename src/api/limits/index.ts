import type { DataSource } from 'typeorm';
import type { ApiLimitsConfig } from '../../config/api-limits';
import { RateLimits } from './rate-limits';
import { ConversationUpdateGuard } from './update-guard';

/** What a request carries in its GraphQL context so the limits middleware (schema/limits.middleware.ts) can apply them. */
export interface RequestLimits {
  rates: RateLimits;
  updates: ConversationUpdateGuard;
}

/** One per API process: the rate limiters (shared through PostgreSQL) and the per-conversation Update guard. */
export function createRequestLimits(ds: DataSource, config: ApiLimitsConfig): RequestLimits {
  return {
    rates: new RateLimits(ds, config.rates),
    updates: new ConversationUpdateGuard(config.maxConcurrentUpdatesPerConversation),
  };
}
