/** Why a call to the AI provider failed, in a few words an operator can page on (a bounded set of values). */
export type ProviderErrorReason =
  'timeout' | 'rate_limited' | 'auth' | 'server_error' | 'client_error' | 'connection' | 'invalid_output' | 'other';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);

/** Reads the shapes the OpenAI client (and LangChain's wrapping of it) throws: HTTP status, error name, socket code. */
export function providerErrorReason(err: unknown, depth = 0): ProviderErrorReason {
  if (!err || typeof err !== 'object') return 'other';
  const e = err as {
    name?: unknown;
    status?: unknown;
    code?: unknown;
    cause?: unknown;
    constructor?: { name?: string };
  };
  // The OpenAI client's errors keep the name "Error"; their class says what they are.
  const is = (...names: string[]) => names.some((n) => n === e.name || n === e.constructor?.name);
  if (is('TimeoutError', 'APIConnectionTimeoutError')) return 'timeout';
  if (typeof e.status === 'number') {
    if (e.status === 429) return 'rate_limited';
    if (e.status === 401 || e.status === 403) return 'auth';
    if (e.status >= 500) return 'server_error';
    if (e.status >= 400) return 'client_error';
  }
  if (is('APIConnectionError') || (typeof e.code === 'string' && CONNECTION_CODES.has(e.code))) return 'connection';
  if (is('OutputParserException', 'ZodError')) return 'invalid_output';
  return e.cause && depth < 3 ? providerErrorReason(e.cause, depth + 1) : 'other';
}
