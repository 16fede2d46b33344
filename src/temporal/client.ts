import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../config';
import { temporalTls } from './tls';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/** The one place that opens a Temporal client connection. */
export async function connectTemporalClient(config: AppConfig): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    connectTimeout: '10s',
    // After Temporal was unreachable, try again within seconds (gRPC's own backoff grows to two minutes).
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5000 },
    tls: temporalTls(config),
  });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return { client, connection, close: () => connection.close() };
}
