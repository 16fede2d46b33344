import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text (JSON or form-encoded, as the client sent it). */
  body: string;
}

export interface StubReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RunningStub {
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** What a stub does with a request; `'hang'` never answers (for timeout tests). */
export type StubHandler = (req: RecordedRequest) => StubReply | 'hang';

/** A loopback HTTP server on a random port that records every request and answers JSON. */
export async function startHttpStub(handle: StubHandler): Promise<RunningStub> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      let reply: StubReply | 'hang';
      try {
        reply = handle(recorded);
      } catch (err) {
        reply = { status: 500, body: { status: 'error', message: `stub failure: ${String(err)}` } };
      }
      if (reply === 'hang') return;
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json;charset=utf-8',
        'content-length': Buffer.byteLength(text),
        ...reply.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function bearerOf(req: RecordedRequest): string | null {
  const h = req.headers.authorization;
  const v = Array.isArray(h) ? h[0] : h;
  const m = /^Bearer (.+)$/i.exec(v ?? '');
  return m ? m[1] : null;
}
