import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('removes the configured secrets verbatim and anything shaped like a credential', () => {
    const text =
      'hubspot said 401 for token my-private-token; stripe: Invalid API Key provided: sk_test_abc123XYZ; ' +
      'header Bearer eyJhbGciOi.x.y; slack xoxb-123-456-abc; whsec_Zm9vYmFy; pat-na1-1234abcd-ef';
    const out = redactSecrets(text, 'my-private-token', undefined);
    for (const leaked of [
      'my-private-token',
      'sk_test_abc123XYZ',
      'eyJhbGciOi',
      'xoxb-123-456-abc',
      'whsec_Zm9vYmFy',
      'pat-na1-1234abcd-ef',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('hubspot said 401 for token [redacted]');
    expect(out).toContain('header Bearer [redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('chat.postMessage to #support failed: channel_not_found', '')).toBe(
      'chat.postMessage to #support failed: channel_not_found',
    );
  });
});
