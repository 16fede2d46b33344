import { z } from 'zod';
import { ConfigError } from './config-error';

/** The Temporal settings: where the cluster is, how calls to it are bounded, TLS, and the Web UI's address. */
export const TEMPORAL_ENV = {
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must look like host:port')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('support'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** How long the API waits for a start or update to answer before telling the caller UNAVAILABLE. */
  TEMPORAL_CALL_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),
  /**
   * A conversation's workflow task that its worker took and never finished (the worker died) is handed to another
   * worker after this long. Shorter: a crash delays conversations less; too short for a loaded worker: tasks retried.
   */
  TEMPORAL_WORKFLOW_TASK_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(60).default(10),
  /** mTLS to Temporal: the client certificate and key (PEM files), the CA that signed the server's, its name. */
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** Where the Temporal Web UI is (Conversation.temporalUiUrl); default http://localhost:<TEMPORAL_UI_PORT>. */
  TEMPORAL_UI_URL: z.string().url().optional(),
};

type TemporalEnv = z.output<z.ZodObject<typeof TEMPORAL_ENV>>;

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  cliPath?: string;
  uiPort: number;
  uiUrl: string;
  /** See TEMPORAL_CALL_TIMEOUT_SECONDS. */
  callTimeoutMs: number;
  /** See TEMPORAL_WORKFLOW_TASK_TIMEOUT_SECONDS. */
  workflowTaskTimeoutMs: number;
  /** TLS to the frontend (paths to PEM files); with a certificate and key, mutual TLS. Absent: plaintext. */
  tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
}

function temporalTlsOf(v: TemporalEnv): TemporalConfig['tls'] {
  const { TEMPORAL_TLS_CERT_PATH: certPath, TEMPORAL_TLS_KEY_PATH: keyPath } = v;
  if (!certPath !== !keyPath) {
    throw new ConfigError('configuration: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together (mutual TLS)');
  }
  if (!certPath && !v.TEMPORAL_TLS_CA_PATH && !v.TEMPORAL_TLS_SERVER_NAME) return undefined;
  return { certPath, keyPath, caPath: v.TEMPORAL_TLS_CA_PATH, serverName: v.TEMPORAL_TLS_SERVER_NAME };
}

export function temporalOf(v: TemporalEnv): TemporalConfig {
  return {
    address: v.TEMPORAL_ADDRESS,
    namespace: v.TEMPORAL_NAMESPACE,
    taskQueue: v.TEMPORAL_TASK_QUEUE,
    cliPath: v.TEMPORAL_CLI_PATH,
    uiPort: v.TEMPORAL_UI_PORT,
    callTimeoutMs: v.TEMPORAL_CALL_TIMEOUT_SECONDS * 1000,
    workflowTaskTimeoutMs: v.TEMPORAL_WORKFLOW_TASK_TIMEOUT_SECONDS * 1000,
    uiUrl: (v.TEMPORAL_UI_URL ?? `http://localhost:${v.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
    tls: temporalTlsOf(v),
  };
}
