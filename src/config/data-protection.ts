import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Customer data at rest and over its lifetime: the deployment's keys that encrypt Temporal payloads (and wrap each
 * customer's data key), the codec endpoint the Temporal Web UI calls, and how long closed conversations are kept.
 * Read with the rest by loadConfig.
 */

/** Outside production, payloads are encrypted with this published key (anyone can derive it: never in production). */
export const DEV_DATA_KEY_ID = 'dev';
const DEV_DATA_KEY = createHash('sha256').update('support-handoff development data key').digest();

export const DATA_PROTECTION_ENV = {
  /** The deployment's keys, `id:base64` (32 bytes each), comma-separated; old ids stay listed so they still decrypt. */
  DATA_ENCRYPTION_KEYS: z.string().trim().min(1).optional(),
  /** Which of them encrypts (and wraps new data keys) from now on; default: the first listed. */
  DATA_ENCRYPTION_KEY_ID: z.string().trim().min(1).optional(),
  /** How long an unwrapped customer data key (and a workflow's owner) stays in memory, and how many at most. */
  DATA_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  DATA_KEY_CACHE_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Browser origins allowed to call the codec endpoint (the Temporal Web UI); default the UI's own origin. */
  CODEC_CORS_ORIGINS: z.string().optional(),
  /** Closed conversations older than this many days are erased by the retention schedule (0: kept for ever). */
  RETENTION_CLOSED_CONVERSATION_DAYS: z.coerce.number().int().min(0).max(36500).default(365),
  /** When the retention sweep runs (five-field cron, UTC), or `off` for a worker that leaves the schedule alone. */
  RETENTION_CRON: z
    .string()
    .trim()
    .regex(/^(off|\S+(\s+\S+){4})$/, 'must be a five-field cron expression such as "30 3 * * *", or "off"')
    .default('30 3 * * *'),
};

type DataProtectionEnv = z.output<z.ZodObject<typeof DATA_PROTECTION_ENV>> & {
  NODE_ENV: 'development' | 'production' | 'test';
};

export interface DataProtectionConfig {
  /** Every key that may decrypt, by id; `currentKeyId` is the one that encrypts. */
  keys: Map<string, Buffer>;
  currentKeyId: string;
  /** True when nothing is configured and the published development key is in use. */
  developmentKey: boolean;
  cacheTtlMs: number;
  cacheSize: number;
  /** Null: the Temporal UI's origin (known only with the rest of the configuration). */
  codecCorsOrigins: string[] | null;
  retention: { closedConversationDays: number; cron: string | null };
}

function parseKeys(list: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of list.split(',').map((e) => e.trim())) {
    const m = /^([A-Za-z0-9_.-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    const key = m ? Buffer.from(m[2], 'base64') : null;
    if (!m || key?.length !== 32) {
      throw new ConfigError(
        'configuration: DATA_ENCRYPTION_KEYS must list id:base64 entries of 32-byte keys ' +
          '(e.g. "k2026:$(openssl rand -base64 32)"), ids of 1-32 letters, digits, ".", "_" or "-"',
      );
    }
    if (keys.has(m[1])) throw new ConfigError(`configuration: DATA_ENCRYPTION_KEYS lists id "${m[1]}" twice`);
    keys.set(m[1], key);
  }
  return keys;
}

export function dataProtectionOf(v: DataProtectionEnv): DataProtectionConfig {
  if (!v.DATA_ENCRYPTION_KEYS && v.NODE_ENV === 'production') {
    throw new ConfigError(
      'configuration: DATA_ENCRYPTION_KEYS is required when NODE_ENV=production (the development key is published)',
    );
  }
  const keys = v.DATA_ENCRYPTION_KEYS ? parseKeys(v.DATA_ENCRYPTION_KEYS) : new Map([[DEV_DATA_KEY_ID, DEV_DATA_KEY]]);
  if (v.NODE_ENV === 'production' && keys.has(DEV_DATA_KEY_ID)) {
    throw new ConfigError(`configuration: DATA_ENCRYPTION_KEYS may not use the id "${DEV_DATA_KEY_ID}" in production`);
  }
  const currentKeyId = v.DATA_ENCRYPTION_KEY_ID ?? [...keys.keys()][0];
  if (!keys.has(currentKeyId)) {
    throw new ConfigError(`configuration: DATA_ENCRYPTION_KEY_ID "${currentKeyId}" is not in DATA_ENCRYPTION_KEYS`);
  }
  let codecCorsOrigins: string[] | null = null;
  if (v.CODEC_CORS_ORIGINS !== undefined) {
    codecCorsOrigins = v.CODEC_CORS_ORIGINS.split(/[\s,]+/).filter(Boolean);
    for (const o of codecCorsOrigins) {
      if (!/^https?:\/\/[^/\s]+$/.test(o)) {
        throw new ConfigError(
          `configuration: CODEC_CORS_ORIGINS entry "${o}" must be an origin such as https://ui.example.com`,
        );
      }
    }
  }
  return {
    keys,
    currentKeyId,
    developmentKey: !v.DATA_ENCRYPTION_KEYS,
    cacheTtlMs: v.DATA_KEY_CACHE_SECONDS * 1000,
    cacheSize: v.DATA_KEY_CACHE_SIZE,
    codecCorsOrigins,
    retention: {
      closedConversationDays: v.RETENTION_CLOSED_CONVERSATION_DAYS,
      cron: v.RETENTION_CRON === 'off' || v.RETENTION_CLOSED_CONVERSATION_DAYS === 0 ? null : v.RETENTION_CRON,
    },
  };
}
