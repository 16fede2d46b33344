import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { logger } from '../../logger';
import { redactSecrets } from '../redact';
import type { AgentNotification, ReviewDigest } from '../notification';

const log = logger('notify.slack');

/** The shape of activities/notify AgentNotification, plus the customer's tier when the caller knows it. */
/** Slack receives the same notification every sink does. */
export type SlackNotification = AgentNotification;

/** Routing key (notification kind, audience entry, customer tier, or `default`) → channel name or id. */
export type SlackChannelMap = { default: string } & Record<string, string>;

export interface SlackSinkOptions {
  token: string;
  /** SLACK_API_URL; must end with `/api/`. Slack's own when unset. */
  apiUrl?: string;
  channels: SlackChannelMap;
  /** Agent console base URL; the message links to `<base>/conversations/<id>` when set. */
  conversationBaseUrl?: string;
  /** One attempt, bounded by this; no SDK retries so a dead Slack never holds the notify activity. */
  timeoutMs?: number;
}

const ESCALATION_AUDIENCE = ['LEAD', 'ONCALL'];
const TIER_IN_MESSAGE = /\b(ENTERPRISE|PRO|FREE)\b/;
const DEDUPE_MEMORY = 1000;

/**
 * Posts agent notifications to Slack with chat.postMessage. The channel is the first key of the map that matches,
 * most specific first:
 *   1. the notification kind (e.g. `PAGE_LEAD_ONCALL`, `WARN`), so a team can give a kind its own channel;
 *   2. `LEAD` or `ONCALL` in the audience: escalations to leads go to the leads' channel whatever the tier;
 *   3. the customer tier (`n.tier`, else the FREE/PRO/ENTERPRISE word in the message, which the conversation
 *      workflow's queue and SLA messages carry);
 *   4. any other audience entry, in order (`TIER1`, `TIER2`, an agent id);
 *   5. `default`.
 * Keys compare case-insensitively. Failures reject with a message that names the Slack error code and never the token.
 */
export class SlackSink {
  readonly name = 'slack';
  private readonly client: WebClient;
  private readonly token: string;
  private readonly channels: Map<string, string>;
  private readonly baseUrl: string | null;
  // Temporal may run the notify activity again after a worker crash: skip what this process already posted.
  private readonly posted = new Set<string>();

  constructor(opts: SlackSinkOptions) {
    if (!opts.channels.default) throw new Error('slack: channels.default is required');
    this.token = opts.token;
    this.channels = new Map(Object.entries(opts.channels).map(([k, v]) => [k.toUpperCase(), v]));
    this.baseUrl = opts.conversationBaseUrl ? opts.conversationBaseUrl.replace(/\/+$/, '') : null;
    this.client = new WebClient(opts.token, {
      ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
      retryConfig: { retries: 0 },
      timeout: opts.timeoutMs ?? 2000,
      rejectRateLimitedCalls: true,
      logger: quietLogger(opts.token),
    });
  }

  /** The routing rule above, exposed for tests and for the operator docs. */
  channelFor(n: SlackNotification): string {
    const tier = (n.tier ?? TIER_IN_MESSAGE.exec(n.message)?.[1] ?? '').toUpperCase();
    const audience = n.audience.map((a) => a.toUpperCase());
    const candidates = [
      n.kind.toUpperCase(),
      ...audience.filter((a) => ESCALATION_AUDIENCE.includes(a)),
      tier,
      ...audience.filter((a) => !ESCALATION_AUDIENCE.includes(a)),
    ];
    for (const key of candidates) {
      const channel = key && key !== 'DEFAULT' ? this.channels.get(key) : undefined;
      if (channel) return channel;
    }
    return this.channels.get('DEFAULT') as string;
  }

  async deliver(n: SlackNotification): Promise<void> {
    if (this.posted.has(n.dedupeKey)) return;
    const channel = this.channelFor(n);
    try {
      await this.client.chat.postMessage({ channel, text: this.render(n), unfurl_links: false, unfurl_media: false });
    } catch (err) {
      throw new Error(redactSecrets(`slack chat.postMessage to ${channel} failed: ${describe(err)}`, this.token));
    }
    this.remember(n.dedupeKey);
  }

  /** A team report: its kind's channel when the map has one (e.g. `WEEKLY_DIGEST`), else `default`. */
  async deliverDigest(d: ReviewDigest): Promise<void> {
    if (this.posted.has(d.dedupeKey)) return;
    const channel = this.channels.get(d.kind.toUpperCase()) ?? (this.channels.get('DEFAULT') as string);
    const text = [
      `*${escape(d.title)}*`,
      ...d.sections.map((s) => [`*${escape(s.heading)}*`, ...s.lines.map((l) => `• ${escape(l)}`)].join('\n')),
    ].join('\n\n');
    try {
      await this.client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      throw new Error(redactSecrets(`slack chat.postMessage to ${channel} failed: ${describe(err)}`, this.token));
    }
    this.remember(d.dedupeKey);
  }

  private remember(key: string): void {
    this.posted.add(key);
    if (this.posted.size > DEDUPE_MEMORY) this.posted.delete(this.posted.values().next().value as string);
  }

  private render(n: SlackNotification): string {
    const link = this.baseUrl
      ? `<${this.baseUrl}/conversations/${encodeURIComponent(n.conversationId)}|Open conversation ${escape(n.conversationId)}>`
      : `Conversation ${escape(n.conversationId)}`;
    const audience = n.audience.length > 0 ? ` · for ${n.audience.map(escape).join(', ')}` : '';
    return `*${escape(n.kind)}* ${escape(n.message)}\n${link}${audience}`;
  }
}

/** SLACK_CHANNELS: a JSON object such as `{"default":"#support","ENTERPRISE":"#support-enterprise"}`. */
export function parseSlackChannels(json: string): SlackChannelMap {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('SLACK_CHANNELS must be a JSON object of routing key to channel');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error('SLACK_CHANNELS must be a JSON object');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string' || v.trim() === ''))
    throw new Error('SLACK_CHANNELS values must be channel names or ids');
  const map = Object.fromEntries(entries) as Record<string, string>;
  if (!map.default) throw new Error('SLACK_CHANNELS needs a "default" channel');
  return map as SlackChannelMap;
}

// Slack's mrkdwn control characters.
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function describe(err: unknown): string {
  const e = err as {
    code?: unknown;
    data?: { error?: unknown };
    statusCode?: unknown;
    retryAfter?: unknown;
    message?: unknown;
  };
  switch (e?.code) {
    case 'slack_webapi_platform_error':
      return String(e.data?.error ?? 'platform error');
    case 'slack_webapi_http_error':
      return `HTTP ${String(e.statusCode)}`;
    case 'slack_webapi_rate_limited_error':
      return `rate limited (retry after ${String(e.retryAfter)} s)`;
    default:
      return String(e?.message ?? err);
  }
}

/** The SDK's own logging, through ours at warn and above, token scrubbed. */
function quietLogger(token: string): Logger {
  const line = (msg: unknown[]) =>
    redactSecrets(msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '), token);
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}
