import { randomUUID } from 'node:crypto';
import { startSlackStub, type SlackStub } from '../../../test/stubs/slack-stub';
import { parseSlackChannels, SlackSink, type SlackNotification } from './slack.sink';

const TOKEN = `xoxb-${randomUUID()}`;
const CHANNELS = { default: '#support', ENTERPRISE: '#support-enterprise', LEAD: '#support-leads' };
const IDS = { '#support': 'C0SUPPORT', '#support-enterprise': 'C0ENTERPRISE', '#support-leads': 'C0LEADS' };

function notification(over: Partial<SlackNotification> = {}): SlackNotification {
  const conversationId = `conv-${randomUUID().slice(0, 8)}`;
  return {
    conversationId,
    kind: 'QUEUED',
    audience: ['TIER1', 'TIER2'],
    message: 'Waiting for an agent (PRO, low_confidence); claim by 2026-01-01T10:00:00.000Z',
    dedupeKey: `queued-${conversationId}-1`,
    ...over,
  };
}

describe('SlackSink (real @slack/web-api against a local Slack)', () => {
  let slack: SlackStub;
  let sink: SlackSink;
  beforeEach(async () => {
    slack = await startSlackStub({ token: TOKEN, channels: IDS });
    sink = new SlackSink({
      token: TOKEN,
      apiUrl: slack.apiUrl,
      channels: CHANNELS,
      conversationBaseUrl: 'https://support.example.test/console/',
    });
  });
  afterEach(async () => {
    await slack.stop();
  });

  it('posts an enterprise conversation to the enterprise channel, readable and linked', async () => {
    const n = notification({
      message: 'Waiting for an agent (ENTERPRISE, negative_sentiment); claim by 2026-01-01T10:00:00.000Z',
    });
    await sink.deliver(n);

    expect(slack.messages).toHaveLength(1);
    const [m] = slack.messages;
    expect(m.channel).toBe('C0ENTERPRISE');
    expect(m.params.channel).toBe('#support-enterprise');
    expect(m.text).toContain('*QUEUED* Waiting for an agent (ENTERPRISE, negative_sentiment)');
    expect(m.text).toContain(
      `<https://support.example.test/console/conversations/${n.conversationId}|Open conversation ${n.conversationId}>`,
    );
    expect(m.text).toContain('for TIER1, TIER2');
    const req = slack.requests[0];
    expect(req.path).toBe('/api/chat.postMessage');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(String(req.headers['content-type'])).toContain('application/x-www-form-urlencoded');
  });

  it('routes by tier and queue: leads page to the leads channel, other tiers to the default', async () => {
    await sink.deliver(
      notification({
        kind: 'PAGE_LEAD_ONCALL',
        audience: ['LEAD', 'ONCALL'],
        message: 'PAGE_LEAD_ONCALL at 100% of the ENTERPRISE time-to-claim target',
      }),
    );
    await sink.deliver(notification({ kind: 'WIDEN_TO_TIER2', audience: ['TIER1', 'TIER2'] }));
    await sink.deliver(notification({ tier: 'ENTERPRISE', message: 'no tier in this text' }));
    await sink.deliver(notification({ kind: 'WARN', message: 'WARN at 50% of the FREE time-to-claim target' }));

    expect(slack.messages.map((m) => m.channel)).toEqual(['C0LEADS', 'C0SUPPORT', 'C0ENTERPRISE', 'C0SUPPORT']);
  });

  it('posts a notification once per dedupe key', async () => {
    const n = notification();
    await sink.deliver(n);
    await sink.deliver(n);
    expect(slack.messages).toHaveLength(1);
  });

  it("rejects with Slack's error code, and without the token, for an unknown channel", async () => {
    const lost = new SlackSink({ token: TOKEN, apiUrl: slack.apiUrl, channels: { default: '#nowhere' } });
    const err = await lost.deliver(notification()).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toBe('slack chat.postMessage to #nowhere failed: channel_not_found');
    expect(err?.message).not.toContain(TOKEN);
    expect(JSON.stringify(err)).not.toContain(TOKEN);
  });

  it('rejects a wrong token as invalid_auth without repeating it', async () => {
    const wrong = new SlackSink({ token: 'xoxb-wrong-secret', apiUrl: slack.apiUrl, channels: CHANNELS });
    await expect(wrong.deliver(notification())).rejects.toThrow('invalid_auth');
    await wrong.deliver(notification()).catch((e: Error) => expect(e.message).not.toContain('xoxb-wrong-secret'));
  });

  it('rejects quickly, without retries, when Slack fails, hangs, rate-limits or is gone', async () => {
    const fast = new SlackSink({ token: TOKEN, apiUrl: slack.apiUrl, channels: CHANNELS, timeoutMs: 500 });
    const attempt = async () => {
      const before = slack.requests.length;
      const started = Date.now();
      const err = await fast.deliver(notification()).then(
        () => null,
        (e: Error) => e,
      );
      return { err, ms: Date.now() - started, requests: slack.requests.length - before };
    };

    slack.failWith({ status: 500, body: 'internal error' });
    let r = await attempt();
    expect(r.err?.message).toContain('HTTP 500');
    expect(r.requests).toBe(1);

    slack.failWith({ status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '30' } });
    r = await attempt();
    expect(r.err?.message).toContain('rate limited');
    expect(r.ms).toBeLessThan(2000);

    slack.failWith('hang');
    r = await attempt();
    expect(r.err).not.toBeNull();
    expect(r.ms).toBeLessThan(2000);
    expect(r.requests).toBe(1);

    await slack.stop();
    r = await attempt();
    expect(r.err).not.toBeNull();
    expect(r.ms).toBeLessThan(2000);
    for (const e of [r.err]) expect(e?.message).not.toContain(TOKEN);
    slack = await startSlackStub({ token: TOKEN, channels: IDS }); // for afterEach
  });

  it('bounds a hung Slack with the default timeout of about 2 s', async () => {
    slack.failWith('hang');
    const started = Date.now();
    await expect(sink.deliver(notification())).rejects.toThrow(/slack chat.postMessage to #support failed/);
    expect(Date.now() - started).toBeLessThan(3500);
  });
});

describe('parseSlackChannels', () => {
  it('reads a JSON map and insists on a default channel', () => {
    expect(parseSlackChannels(JSON.stringify(CHANNELS))).toEqual(CHANNELS);
    expect(() => parseSlackChannels('{"ENTERPRISE":"#x"}')).toThrow('default');
    expect(() => parseSlackChannels('#support')).toThrow('JSON object');
  });
});
