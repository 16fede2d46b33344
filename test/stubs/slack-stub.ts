import { bearerOf, startHttpStub, type RecordedRequest, type RunningStub, type StubReply } from './http-stub';

/**
 * A local Slack Web API for tests: POST /api/chat.postMessage with a bearer token and a form-encoded (what
 * @slack/web-api sends) or JSON body. Answers as Slack does, HTTP 200 with `{ ok: true, channel, ts, message }` or
 * `{ ok: false, error }` (`not_authed`, `invalid_auth`, `channel_not_found`, `no_text`).
 */
export interface PostedMessage {
  channel: string;
  text: string;
  ts: string;
  params: Record<string, string>;
}

export type SlackFailure = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export interface SlackStub extends RunningStub {
  /** SLACK_API_URL for the client: `<url>/api/`. */
  apiUrl: string;
  messages: PostedMessage[];
  /** Channels the bot may post to, name (with or without '#') → id. */
  addChannel(name: string, id: string): void;
  failWith(failure: SlackFailure | null): void;
}

export async function startSlackStub(
  opts: { token?: string; channels?: Record<string, string> } = {},
): Promise<SlackStub> {
  const channels = new Map<string, string>();
  const addChannel = (name: string, id: string) => void channels.set(name.replace(/^#/, ''), id);
  for (const [name, id] of Object.entries(opts.channels ?? {})) addChannel(name, id);
  const messages: PostedMessage[] = [];
  let failure: SlackFailure | null = null;
  let clock = 0;

  const resolveChannel = (c: string): string | undefined => {
    const byName = channels.get(c.replace(/^#/, ''));
    if (byName) return byName;
    return [...channels.values()].includes(c) ? c : undefined;
  };

  const handle = (req: RecordedRequest): StubReply | 'hang' => {
    if (failure === 'hang') return 'hang';
    if (failure)
      return {
        status: failure.status,
        body: failure.body ?? { ok: false, error: 'fatal_error' },
        headers: failure.headers,
      };
    const url = new URL(req.path, 'http://stub');
    const params = parseBody(req);
    const token = bearerOf(req) ?? params.token ?? null;
    if (req.method !== 'POST' && req.method !== 'GET')
      return { status: 405, body: { ok: false, error: 'method_not_supported_for_channel_type' } };
    if (url.pathname !== '/api/chat.postMessage') return { status: 404, body: { ok: false, error: 'unknown_method' } };
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (opts.token && token !== opts.token) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const channel = resolveChannel(params.channel ?? '');
    if (!channel) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
    if (!params.text && !params.blocks && !params.attachments)
      return { status: 200, body: { ok: false, error: 'no_text' } };
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++clock).padStart(6, '0')}`;
    messages.push({ channel, text: params.text ?? '', ts, params });
    return {
      status: 200,
      body: {
        ok: true,
        channel,
        ts,
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: params.text ?? '',
          ts,
          bot_id: 'B0STUB',
          user: 'U0STUB',
        },
      },
    };
  };

  const running = await startHttpStub(handle);
  return { ...running, apiUrl: `${running.url}/api/`, messages, addChannel, failWith: (f) => void (failure = f) };
}

function parseBody(req: RecordedRequest): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  const out: Record<string, string> = {};
  if (type.includes('application/json')) {
    const json = JSON.parse(req.body || '{}') as Record<string, unknown>;
    for (const [k, v] of Object.entries(json)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
  }
  const query = req.body || new URL(req.path, 'http://stub').search.slice(1);
  for (const [k, v] of new URLSearchParams(query)) out[k] = v;
  return out;
}
