import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string | null; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string } }>;
  tool_choice?: unknown;
}

/**
 * What the stub does with one chat completion: answer with tool-call arguments (for the first tool offered, or the
 * one named: an agent's tool call, or its structured answer), fail, or stall.
 */
export type StubBehaviour =
  | { arguments: Record<string, unknown>; tool?: string }
  | { status: number; body?: unknown }
  | { delayMs: number; arguments: Record<string, unknown> };

export interface OpenAiStub {
  url: string;
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders; body: ChatRequest }>;
  respond: (req: ChatRequest) => StubBehaviour;
  embeddingRequests: Array<{ model: string; inputs: string[] }>;
  stop(): Promise<void>;
}

/** A stand-in embedding model: words hashed into 64 dimensions, so similar texts get similar vectors. */
function hashedBagOfWords(text: string): number[] {
  const v = new Array(64).fill(0);
  for (const w of text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((x) => x.length > 2)) {
    let h = 0;
    for (const ch of w) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    v[h % 64] += 1;
  }
  return v;
}

/**
 * A local OpenAI-compatible server for the real @langchain/openai client: POST /v1/chat/completions answered in
 * the Chat Completions wire format, with the structured output as a tool call.
 */
export async function startOpenAiStub(): Promise<OpenAiStub> {
  const stub = {
    embeddingRequests: [] as OpenAiStub['embeddingRequests'],
    requests: [] as OpenAiStub['requests'],
    respond: (() => ({
      status: 500,
      body: { error: { message: 'no behaviour set', type: 'server_error' } },
    })) as OpenAiStub['respond'],
  };
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.endsWith('/embeddings')) {
        const body = JSON.parse(raw) as { input: string | string[]; model: string };
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        stub.embeddingRequests.push({ model: body.model, inputs });
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: hashedBagOfWords(text) })),
            usage: { prompt_tokens: inputs.length * 10, total_tokens: inputs.length * 10 },
          }),
        );
        return;
      }
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as ChatRequest;
      stub.requests.push({ path: req.url, headers: req.headers, body });
      const b = stub.respond(body);
      const send = (args: Record<string, unknown>, named?: string) => {
        const tool = named ?? body.tools?.[0]?.function.name ?? 'assess_turn';
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${++n}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: null,
                  tool_calls: [
                    { id: `call_${n}`, type: 'function', function: { name: tool, arguments: JSON.stringify(args) } },
                  ],
                },
                finish_reason: 'tool_calls',
              },
            ],
            usage: { prompt_tokens: 420, completion_tokens: 60, total_tokens: 480 },
          }),
        );
      };
      if ('status' in b) {
        res
          .writeHead(b.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(b.body ?? { error: { message: 'upstream exploded', type: 'server_error' } }));
      } else if ('delayMs' in b) {
        const timer = setTimeout(() => !res.writableEnded && send(b.arguments), b.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else send(b.arguments, b.tool);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}/v1`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  }) as OpenAiStub;
}
