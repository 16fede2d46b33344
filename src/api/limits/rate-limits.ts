import { createHash } from 'node:crypto';
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Principal } from '../../auth/jwt';
import type { RateBucket, RateSpec } from '../../config/api-limits';
import { rateLimited } from '../../errors';
import { logger } from '../../logger';

const log = logger('rate-limits');

/** Created by our migration (src/db/migrations/*-rate-limits.ts), never by the library. */
export const RATE_LIMITS_TABLE = 'rate_limits';

type Limiter = Pick<RateLimiterAbstract, 'consume'> | BurstyRateLimiter;

/**
 * Per-identity rate limits shared by every API replica: counters live in PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres, fixed windows), with a rate window plus a longer burst window on top (BurstyRateLimiter). When
 * PostgreSQL does not answer, each replica counts in memory instead (the insurance limiter) rather than failing open.
 */
export class RateLimits {
  private readonly limiters = new Map<RateBucket, Limiter>();

  constructor(ds: DataSource, rates: Record<RateBucket, RateSpec | null>) {
    for (const [bucket, spec] of Object.entries(rates) as Array<[RateBucket, RateSpec | null]>) {
      if (!spec) continue;
      const store = (keyPrefix: string, points: number, duration: number) =>
        new RateLimiterPostgres({
          storeClient: ds,
          storeType: 'typeorm',
          tableName: RATE_LIMITS_TABLE,
          tableCreated: true,
          keyPrefix,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
        });
      const main = store(bucket, spec.points, spec.seconds);
      this.limiters.set(
        bucket,
        spec.burst
          ? new BurstyRateLimiter(main, store(`${bucket}-burst`, spec.burst.points, spec.burst.seconds))
          : main,
      );
    }
  }

  /** Counts one request of this caller in the bucket; RATE_LIMITED (with retryAfterSeconds) when over. */
  async consume(bucket: RateBucket, principal: Principal): Promise<void> {
    const limiter = this.limiters.get(bucket);
    if (!limiter) return;
    try {
      await limiter.consume(keyOf(principal));
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw rateLimited(`too many requests (${bucket}); try again later`, (err.msBeforeNext ?? 1000) / 1000);
      }
      // Neither store answered: let the request through rather than take the API down with the database.
      log.warn('rate limiter unavailable', { bucket, error: String(err) });
    }
  }
}

function keyOf(p: Principal): string {
  const sub = p.sub.length <= 100 ? p.sub : createHash('sha256').update(p.sub).digest('hex');
  return `${p.role}:${sub}`;
}
