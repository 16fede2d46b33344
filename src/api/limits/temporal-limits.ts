import { AppError, rateLimited } from '../../errors';

/** gRPC status RESOURCE_EXHAUSTED: Temporal's answer when a workflow already has as many Updates in flight as it admits. */
const RESOURCE_EXHAUSTED = 8;

function grpcCodeOf(err: unknown): number | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    // gRPC service errors carry a numeric code and `details`; our AppError codes are strings.
    if (typeof code === 'number' && 'details' in e) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * RATE_LIMITED for what Temporal refuses because of load on one workflow (the in-flight Update limit, RESOURCE_EXHAUSTED),
 * null for anything else. The gateway (src/temporal) may call it where it maps Temporal's failures; the GraphQL error
 * edge (schema/errors.ts) calls it too, so the caller never sees INTERNAL for it.
 */
export function rateLimitedFromTemporal(err: unknown): AppError | null {
  if (grpcCodeOf(err) !== RESOURCE_EXHAUSTED) return null;
  return rateLimited('too many requests on this conversation at once; try again shortly', 1);
}
