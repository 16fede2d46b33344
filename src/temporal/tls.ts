import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { AppConfig } from '../config';
import { ConfigError } from '../config';

/**
 * The TLS options of every connection to Temporal (the API's and workers' clients, the worker's own connection), read
 * from the PEM files the configuration names: with a client certificate and key, mutual TLS; undefined: plaintext.
 * A file that cannot be read stops the process with one line naming it.
 */
export function temporalTls(config: Pick<AppConfig, 'temporal'>): TLSConfig | undefined {
  const tls = config.temporal.tls;
  if (!tls) return undefined;
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError(`configuration: ${what} ${file} cannot be read (${(err as NodeJS.ErrnoException).code})`);
    }
  };
  return {
    ...(tls.certPath && tls.keyPath
      ? {
          clientCertPair: {
            crt: read('TEMPORAL_TLS_CERT_PATH', tls.certPath),
            key: read('TEMPORAL_TLS_KEY_PATH', tls.keyPath),
          },
        }
      : {}),
    ...(tls.caPath ? { serverRootCACertificate: read('TEMPORAL_TLS_CA_PATH', tls.caPath) } : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
}
