/** One error type for the whole application; the code is mapped at the edges (GraphQL, Temporal). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAVAILABLE = 'UNAVAILABLE',
  /** A stored JSON value (an event payload, a JSONB column) matches no shape ever written; the message names the row. */
  DATA_CORRUPT = 'DATA_CORRUPT',
  /** Too many requests for this identity or conversation right now; `retryAfterSeconds` says when to try again. */
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL = 'INTERNAL_SERVER_ERROR',
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** A finer, machine-readable cause under the code (GraphQL `extensions.reason`), e.g. TOKEN_EXPIRED. */
    readonly reason?: string,
    /** Extra `extensions` the caller may read (e.g. retryAfterSeconds); never internals. */
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message);
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message = 'not allowed') => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const unauthenticated = () => new AppError(ErrorCode.UNAUTHENTICATED, 'a valid bearer token is required');
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError(ErrorCode.RATE_LIMITED, message, undefined, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
