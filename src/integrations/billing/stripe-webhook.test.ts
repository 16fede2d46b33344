import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import {
  signStripePayload,
  StripeWebhookError,
  verifyStripeWebhook,
  type StripeWebhookErrorCode,
} from './stripe-webhook';

const secret = `whsec_test_${randomUUID().replace(/-/g, '')}`;
const now = Date.UTC(2026, 2, 2, 12, 0, 0);
const nowSeconds = Math.floor(now / 1000);

const eventBody = () =>
  JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type: 'charge.refunded',
    api_version: '2026-10-28.endive',
    created: nowSeconds,
    data: { object: { id: 'ch_1', object: 'charge', amount: 1500, amount_refunded: 1500, currency: 'usd' } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });

function codeOf(fn: () => unknown): StripeWebhookErrorCode | 'accepted' | 'other' {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    return e instanceof StripeWebhookError ? e.code : 'other';
  }
}

describe('verifyStripeWebhook', () => {
  test('a delivery signed with our secret is accepted and parsed, from a string or the raw Buffer', () => {
    const body = eventBody();
    const header = signStripePayload(body, secret, nowSeconds - 30);
    const event = verifyStripeWebhook(body, header, secret, 300, now);
    expect(event).toMatchObject({ id: JSON.parse(body).id, type: 'charge.refunded', object: 'event' });
    expect(verifyStripeWebhook(Buffer.from(body), header, secret, 300, now).id).toBe(event.id);
  });

  test("our signatures are Stripe's: the SDK accepts ours, and we accept the SDK's", () => {
    const body = eventBody();
    const stripe = new Stripe('sk_test_123');
    const sdkHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: nowSeconds });
    expect(verifyStripeWebhook(body, sdkHeader, secret, 300, now).type).toBe('charge.refunded');
    const ours = signStripePayload(body, secret, nowSeconds);
    expect(stripe.webhooks.constructEvent(body, ours, secret, 300, undefined, now).type).toBe('charge.refunded');
  });

  test('a forged signature is BAD_SIGNATURE, told apart from a stale but genuine one', () => {
    const body = eventBody();
    const forged = signStripePayload(body, 'whsec_someone_else', nowSeconds);
    expect(codeOf(() => verifyStripeWebhook(body, forged, secret, 300, now))).toBe('BAD_SIGNATURE');

    const tampered = body.replace('"amount":1500', '"amount":150000');
    expect(
      codeOf(() => verifyStripeWebhook(tampered, signStripePayload(body, secret, nowSeconds), secret, 300, now)),
    ).toBe('BAD_SIGNATURE');

    // Re-dating a genuine signature breaks it: the timestamp is part of what is signed.
    const genuine = signStripePayload(body, secret, nowSeconds - 3600);
    const redated = genuine.replace(`t=${nowSeconds - 3600}`, `t=${nowSeconds}`);
    expect(codeOf(() => verifyStripeWebhook(body, redated, secret, 300, now))).toBe('BAD_SIGNATURE');

    // Forged and old: the forger learns nothing about timing.
    expect(
      codeOf(() => verifyStripeWebhook(body, signStripePayload(body, 'whsec_x', nowSeconds - 3600), secret, 300, now)),
    ).toBe('BAD_SIGNATURE');
  });

  test('a genuine signature outside the tolerance is STALE_TIMESTAMP, in either direction', () => {
    const body = eventBody();
    expect(
      codeOf(() => verifyStripeWebhook(body, signStripePayload(body, secret, nowSeconds - 301), secret, 300, now)),
    ).toBe('STALE_TIMESTAMP');
    expect(
      codeOf(() => verifyStripeWebhook(body, signStripePayload(body, secret, nowSeconds + 301), secret, 300, now)),
    ).toBe('STALE_TIMESTAMP');
    expect(
      codeOf(() => verifyStripeWebhook(body, signStripePayload(body, secret, nowSeconds - 299), secret, 300, now)),
    ).toBe('accepted');
    // A longer tolerance accepts the same delivery.
    expect(
      codeOf(() => verifyStripeWebhook(body, signStripePayload(body, secret, nowSeconds - 3600), secret, 7200, now)),
    ).toBe('accepted');
  });

  test('while the secret rolls, any one matching v1 passes', () => {
    const body = eventBody();
    const oldSig = signStripePayload(body, 'whsec_old', nowSeconds).split(',v1=')[1];
    const header = `${signStripePayload(body, secret, nowSeconds)},v1=${oldSig},v0=deadbeef`;
    expect(codeOf(() => verifyStripeWebhook(body, header, secret, 300, now))).toBe('accepted');
    expect(codeOf(() => verifyStripeWebhook(body, header, 'whsec_old', 300, now))).toBe('accepted');
  });

  test('a missing or unparsable header, and a signed body that is no event, are MALFORMED', () => {
    const body = eventBody();
    const sig = signStripePayload(body, secret, nowSeconds).split(',v1=')[1];
    for (const header of [
      undefined,
      '',
      'garbage',
      `v1=${sig}`,
      `t=soon,v1=${sig}`,
      `t=${nowSeconds}`,
      `t=${nowSeconds},v0=${sig}`,
    ]) {
      expect([header, codeOf(() => verifyStripeWebhook(body, header, secret, 300, now))]).toEqual([
        header,
        'MALFORMED',
      ]);
    }
    expect(codeOf(() => verifyStripeWebhook('', signStripePayload('', secret, nowSeconds), secret, 300, now))).toBe(
      'MALFORMED',
    );
    for (const notAnEvent of ['not json', '{"id":"x"}', '[]', 'null']) {
      expect(
        codeOf(() =>
          verifyStripeWebhook(notAnEvent, signStripePayload(notAnEvent, secret, nowSeconds), secret, 300, now),
        ),
      ).toBe('MALFORMED');
    }
  });

  test('a missing secret is our misconfiguration, not a bad delivery', () => {
    const body = eventBody();
    expect(codeOf(() => verifyStripeWebhook(body, signStripePayload(body, secret, nowSeconds), '', 300, now))).toBe(
      'other',
    );
  });
});
