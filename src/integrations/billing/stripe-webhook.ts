import { createHmac, timingSafeEqual } from 'node:crypto';
import type Stripe from 'stripe';

/**
 * Verification of Stripe's `Stripe-Signature` header (https://docs.stripe.com/webhooks#verify-manually):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>[,v1=…]`.
 * Written against the documented scheme rather than the SDK's constructEvent so that the three failures carry
 * distinct codes (the SDK throws one error class and tells them apart only in its message text).
 */
export type StripeWebhookErrorCode = 'BAD_SIGNATURE' | 'STALE_TIMESTAMP' | 'MALFORMED';

export class StripeWebhookError extends Error {
  override readonly name = 'StripeWebhookError';
  constructor(
    readonly code: StripeWebhookErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function hmacHex(secret: string, timestamp: string, body: Buffer | string): string {
  // Fed as bytes, not re-decoded text, so the digest covers exactly what arrived on the wire.
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `Stripe-Signature` header for `body` at `timestamp` (unix seconds): for tests and local replays. */
export function signStripePayload(
  body: Buffer | string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  return `t=${timestamp},v1=${hmacHex(secret, String(timestamp), body)}`;
}

function parseHeader(header: string): { timestamp: string; signatures: string[] } {
  let timestamp: string | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
    // Other schemes (v0 is Stripe's test-mode legacy) are ignored, as Stripe advises.
  }
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp)) {
    throw new StripeWebhookError('MALFORMED', 'Stripe-Signature header has no valid timestamp');
  }
  if (signatures.length === 0) throw new StripeWebhookError('MALFORMED', 'Stripe-Signature header has no v1 signature');
  return { timestamp, signatures };
}

/**
 * Checks a webhook delivery and returns its event. The signature is checked before the age, so STALE_TIMESTAMP
 * means "genuinely from Stripe, but too old (or too far ahead) to accept": a replay, or a clock that drifted.
 * Anyone without the secret gets BAD_SIGNATURE whatever timestamp they claim. Several v1 entries (during a secret
 * roll) pass when any one matches.
 *
 * @param rawBody the request body exactly as received (mount the route with a raw body parser, not JSON)
 * @param now the receiving time in milliseconds
 */
export function verifyStripeWebhook(
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  secret: string,
  toleranceSeconds = 300,
  now = Date.now(),
): Stripe.Event {
  // Our configuration, not the sender's fault: a plain error, so it surfaces as a server failure.
  if (!secret) throw new Error('the Stripe webhook secret is not configured');
  if (!(toleranceSeconds > 0)) throw new Error('toleranceSeconds must be positive');
  if (typeof signatureHeader !== 'string' || signatureHeader.trim() === '') {
    throw new StripeWebhookError('MALFORMED', 'missing Stripe-Signature header');
  }
  if (!(typeof rawBody === 'string' || Buffer.isBuffer(rawBody)) || rawBody.length === 0) {
    throw new StripeWebhookError('MALFORMED', 'the webhook body must be the raw, non-empty request body');
  }
  const { timestamp, signatures } = parseHeader(signatureHeader);

  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'utf8');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new StripeWebhookError('BAD_SIGNATURE', 'no signature matches the payload');

  const ageSeconds = Math.abs(now / 1000 - Number(timestamp));
  if (ageSeconds > toleranceSeconds) {
    throw new StripeWebhookError(
      'STALE_TIMESTAMP',
      `signed ${Math.round(ageSeconds)} s from now, over ${toleranceSeconds} s`,
    );
  }

  let event: unknown;
  try {
    event = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw new StripeWebhookError('MALFORMED', 'the webhook body is not JSON');
  }
  const e = event as Partial<Stripe.Event> | null;
  if (!e || typeof e !== 'object' || typeof e.id !== 'string' || typeof e.type !== 'string' || e.object !== 'event') {
    throw new StripeWebhookError('MALFORMED', 'the webhook body is not a Stripe event');
  }
  return e as Stripe.Event;
}
