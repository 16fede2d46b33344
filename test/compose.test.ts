import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml publishes nothing but the API beyond the host's loopback: Temporal's frontend (whoever reaches it
 * can start, signal and update any workflow), its Web UI and PostgreSQL are on 127.0.0.1 only. Parsed with a real
 * YAML parser, so a file compose would refuse fails here too.
 */
type Port = string | number | { host_ip?: string; published?: string | number; target: number };
interface Service {
  ports?: Port[];
  expose?: unknown[];
}
const compose = parse(readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};

/** The host address a published port binds ("HOST_IP:HOST:CONTAINER", or the long syntax); none means all. */
function hostIpOf(p: Port): string {
  if (typeof p === 'object') return p.host_ip ?? '0.0.0.0';
  const parts = String(p).split(':');
  return parts.length === 3 ? parts[0] : '0.0.0.0';
}

it('is valid YAML with the services the README describes', () => {
  expect(Object.keys(compose.services).sort()).toEqual([
    'api',
    'migrate',
    'postgres',
    'temporal',
    'temporal-ui',
    'worker',
  ]);
});

it('publishes Temporal, its UI and PostgreSQL on loopback only, and only the API beyond it', () => {
  const published = Object.entries(compose.services).flatMap(([name, s]) =>
    (s.ports ?? []).map((p) => ({ name, ip: hostIpOf(p) })),
  );
  for (const name of ['temporal', 'temporal-ui', 'postgres'])
    expect([name, published.filter((p) => p.name === name).map((p) => p.ip)]).toEqual([name, ['127.0.0.1']]);
  expect(published.filter((p) => p.ip !== '127.0.0.1').map((p) => p.name)).toEqual(['api']);
  // Workers' metrics stay on the compose network (scraped from inside it), never published.
  expect(compose.services.worker.ports).toBeUndefined();
});
