import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
}

/**
 * Forwards every request to a real server (here stripe-mock) and records what reached it. `rewriteJson` may change a
 * JSON answer on its way back: stripe-mock is stateless and its charges belong to no customer, so a test that needs
 * "this charge is that customer's" says so here, on the real wire format.
 */
export async function startRecordingProxy(
  target: string,
  opts: { rewriteJson?: (path: string, body: Record<string, unknown>) => Record<string, unknown> } = {},
): Promise<{ url: string; requests: ProxiedRequest[]; stop(): Promise<void> }> {
  const to = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
    });
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
      },
      (up) => {
        const json = String(up.headers['content-type'] ?? '').includes('application/json');
        if (!opts.rewriteJson || !json) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.from(
            JSON.stringify(opts.rewriteJson!(req.url ?? '', JSON.parse(Buffer.concat(chunks).toString('utf8')))),
          );
          const headers = { ...up.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
