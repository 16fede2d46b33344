import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { AppConfig } from '../config';
import { temporalTls } from './tls';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/**
 * The one place that opens a Temporal client connection. `codec` is the payload codec every process shares
 * (src/crypto/payload-codec.ts): what the client sends is encrypted, what it reads decrypted.
 */
export async function connectTemporalClient(config: AppConfig, codec: PayloadCodec): Promise<TemporalClientHandle> {
  const connection = await connectTemporal(config);
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: { payloadCodecs: [codec] },
  });
  return { client, connection, close: () => connection.close() };
}

/** A connection without a client, for operator calls that carry no payloads (registering search attributes). */
export function connectTemporal(config: AppConfig): Promise<Connection> {
  return Connection.connect({
    address: config.temporal.address,
    connectTimeout: '10s',
    // After Temporal was unreachable, try again within seconds (gRPC's own backoff grows to two minutes).
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5000 },
    tls: temporalTls(config),
  });
}
