import { providerErrorReason } from './provider-errors';

// Shaped like the OpenAI client's errors: the class names them, `name` stays "Error", HTTP errors carry `status`.
class APIConnectionTimeoutError extends Error {}
class APIConnectionError extends Error {}
const httpError = (status: number) => Object.assign(new Error(`${status} status code`), { status });

describe('providerErrorReason', () => {
  it.each([
    [Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' }), 'timeout'],
    [new APIConnectionTimeoutError('Request timed out.'), 'timeout'],
    [httpError(429), 'rate_limited'],
    [httpError(401), 'auth'],
    [httpError(500), 'server_error'],
    [httpError(503), 'server_error'],
    [httpError(422), 'client_error'],
    [new APIConnectionError('Connection error.'), 'connection'],
    [new Error('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }), 'connection'],
    [Object.assign(new Error('bad tool call'), { name: 'OutputParserException' }), 'invalid_output'],
    [new Error('something else'), 'other'],
    ['a string', 'other'],
  ])('%s is %s', (err, reason) => {
    expect(providerErrorReason(err)).toBe(reason);
  });
});
