import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { testEnv } from './support/env';
import { customerTurn, startStack, token } from './support/stack';

/**
 * Temporal behind mutual TLS, as README "Security model" describes: the API and the worker connect with their client
 * certificate (TEMPORAL_TLS_*), and a caller without one is refused. The dev server speaks plaintext only, so a TLS
 * endpoint that requires client certificates (Node's tls, ALPN h2, as a TLS-terminating load balancer would) stands
 * in front of it; everything behind it is the real Temporal.
 */
let dir: string;
let gate: tls.Server;
let gatePort: number;
let stack: Awaited<ReturnType<typeof startStack>> | undefined;
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA, a server certificate for 127.0.0.1 and a client certificate it signed; a second CA signs a stranger's. */
function makeCertificates(): void {
  const ca = (name: string) => {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    );
  };
  const signed = (name: string, by: string, ext: string) => {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    writeFileSync(file(`${name}.ext`), ext);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${by}.pem`,
      '-CAkey',
      `${by}.key`,
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  };
  ca('ca');
  ca('rogue-ca');
  signed('server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:temporal.internal\nextendedKeyUsage=serverAuth\n');
  signed('client', 'ca', 'extendedKeyUsage=clientAuth\n');
  signed('stranger', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'support-mtls-'));
  makeCertificates();
  const [host, port] = testEnv().temporalAddress.split(':');
  gate = tls.createServer(
    {
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.pem')),
      ca: readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host);
      socket.pipe(upstream).pipe(socket);
      const end = () => (socket.destroy(), upstream.destroy());
      socket.on('error', end);
      upstream.on('error', end);
    },
  );
  await new Promise<void>((r) => gate.listen(0, '127.0.0.1', () => r()));
  gatePort = (gate.address() as net.AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => gate?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

it('the API and the worker work through mutual TLS: a conversation gets its AI answer', async () => {
  stack = await startStack('mtls', {
    TEMPORAL_ADDRESS: `127.0.0.1:${gatePort}`,
    TEMPORAL_TLS_CERT_PATH: file('client.pem'),
    TEMPORAL_TLS_KEY_PATH: file('client.key'),
    TEMPORAL_TLS_CA_PATH: file('ca.pem'),
  });
  const { reply } = await customerTurn(
    stack.port,
    token('customer', 'cus-02'),
    null,
    'How do I export a dashboard to PDF?',
  );
  expect(reply.authorKind).toBe('AI');
}, 120_000);

it('refuses a caller without a client certificate, or with one another CA signed', async () => {
  const attempt = (clientCertPair?: { crt: Buffer; key: Buffer }) =>
    Connection.connect({
      address: `127.0.0.1:${gatePort}`,
      connectTimeout: '3s',
      tls: { serverRootCACertificate: readFileSync(file('ca.pem')), ...(clientCertPair ? { clientCertPair } : {}) },
    }).then(
      async (c) => {
        // The handshake may complete lazily: a call proves the connection.
        await c.workflowService.getSystemInfo({}).finally(() => c.close());
        return 'connected';
      },
      () => 'refused',
    );
  const stranger = { crt: readFileSync(file('stranger.pem')), key: readFileSync(file('stranger.key')) };
  const client = { crt: readFileSync(file('client.pem')), key: readFileSync(file('client.key')) };
  const outcomes = await Promise.all(
    [attempt(), attempt(stranger), attempt(client)].map((p) => p.catch(() => 'refused')),
  );
  expect(outcomes).toEqual(['refused', 'refused', 'connected']);
});
