import Stripe from 'stripe';
import { redactSecrets } from '../redact';

/**
 * A Stripe failure with only what is safe to log and show: the SDK's error class, Stripe's error type and codes,
 * the HTTP status and request id. The SDK's error keeps request/response headers and the raw payload; those stay
 * behind, and so does its stack.
 */
export class StripeBillingError extends Error {
  override readonly name = 'StripeBillingError';
  constructor(
    message: string,
    /** The SDK's error class, e.g. `StripeCardError`, `StripeIdempotencyError`, `StripeConnectionError`. */
    readonly type: string,
    /** Stripe's `error.type`, e.g. `card_error`, `invalid_request_error`, `idempotency_error`. */
    readonly rawType: string | null,
    /** Stripe's `error.code`, e.g. `charge_already_refunded`, `amount_too_large`, `resource_missing`. */
    readonly code: string | null,
    readonly declineCode: string | null,
    readonly param: string | null,
    readonly statusCode: number | null,
    readonly requestId: string | null,
    /** True when the same request (same idempotency key) may succeed later: network, 5xx, rate limit, lock. */
    readonly retryable: boolean,
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    const { name, message, type, rawType, code, declineCode, param, statusCode, requestId, retryable } = this;
    return { name, message, type, rawType, code, declineCode, param, statusCode, requestId, retryable };
  }
}

function isRetryable(type: string, statusCode: number | null, code: string | null): boolean {
  if (type === 'StripeConnectionError' || type === 'StripeRateLimitError' || type === 'StripeAPIError') return true;
  if (code === 'lock_timeout') return true;
  return statusCode !== null && statusCode >= 500;
}

/** Turns anything thrown by the SDK into a StripeBillingError; never carries secrets, headers or payloads. */
export function wrapStripeError(err: unknown, apiKey?: string): StripeBillingError {
  if (err instanceof StripeBillingError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const statusCode = err.statusCode ?? null;
    const code = err.code ?? null;
    const type = err.type || 'StripeError';
    return new StripeBillingError(
      redactSecrets(err.message || type, apiKey),
      type,
      err.rawType ?? null,
      code,
      err.decline_code ?? null,
      err.param ?? null,
      statusCode,
      err.requestId ?? null,
      isRetryable(type, statusCode, code),
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StripeBillingError(redactSecrets(message, apiKey), 'Error', null, null, null, null, null, null, false);
}
