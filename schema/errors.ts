import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { rateLimitedFromTemporal } from '../src/api/limits/temporal-limits';
import { isDatabaseUnavailable } from '../src/db/unavailable';
import { AppError, ErrorCode } from '../src/errors';
import { logger } from '../src/logger';

const log = logger('graphql');

/** Apollo's own codes that are safe to pass through as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UNAVAILABLE', // said before any resolver runs (src/api/server.ts: the caller's access check)
]);

function fromAppError(err: AppError, formatted: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: err.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { ...err.details, code: err.code, ...(err.reason ? { reason: err.reason } : {}) },
  };
}

/** The one place where errors become GraphQL errors: our codes mapped, everything else made opaque. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return fromAppError(original, formatted);
  const limited = rateLimitedFromTemporal(original);
  if (limited) return fromAppError(limited, formatted);
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    const { retryAfterSeconds, reason } = formatted.extensions ?? {};
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code,
        ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
        ...(typeof reason === 'string' ? { reason } : {}),
      },
    };
  }
  // type-graphql's argument validation and graphql-js coercion errors carry no code but are the caller's fault.
  if (original instanceof GraphQLError && !original.originalError && formatted.path === undefined) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  if (isDatabaseUnavailable(original)) {
    log.warn('database unavailable', { error: String(original), path: formatted.path });
    return {
      message: 'the service is briefly unavailable; resend the same request',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.UNAVAILABLE },
    };
  }
  log.error('unexpected error', {
    error: original instanceof Error ? original.stack : String(original),
    path: formatted.path,
  });
  return {
    message: 'internal error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL },
  };
}
