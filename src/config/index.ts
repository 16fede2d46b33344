import { z } from 'zod';
import { API_LIMITS_ENV, apiLimitsOf, type ApiLimitsConfig } from './api-limits';
import { ConfigError } from './config-error';
import { DATA_PROTECTION_ENV, type DataProtectionConfig, dataProtectionOf } from './data-protection';
import {
  type ConsoleConfig,
  type EmailConfig,
  FRONTENDS_ENV,
  frontendsOf,
  type OidcConfig,
  type WidgetConfig,
} from './frontends';

/**
 * The only place that reads process.env. Every value is validated once at start; a bad value stops the
 * process with one line naming it (see ConfigError).
 */
const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
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
  /** mTLS to Temporal: the client certificate and key (PEM files), the CA that signed the server's, its name. */
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Listen address of both processes when API_HOST / the worker's own setting is absent. */
  HOST: z.string().min(1).optional(),
  /** The API's listen address; loopback unless configured (the development secret is refused anywhere else). */
  API_HOST: z.string().min(1).optional(),
  AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Bearer tokens must carry `exp`, at most this far after `iat` (and after now). */
  AUTH_TOKEN_MAX_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(86400),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  ...API_LIMITS_ENV,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SEED_DATA_DIR: z.string().min(1).optional(),
  /** The deployment's lexicon (README: the deployment lexicon); default: lexicon.json beside the seed data. */
  AI_LEXICON_FILE: z.string().min(1).optional(),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).default(500),
  /** On SIGTERM the worker stops polling and lets activities in flight (an AI turn) finish for this long. */
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(30),
  /** The worker's Prometheus endpoint (GET /metrics); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Forces continue-as-new after this many customer turns (0 = only when Temporal suggests it). */
  CONVERSATION_CONTINUE_AS_NEW_TURNS: z.coerce.number().int().min(0).default(0),
  DATA_DIR: z.string().min(1).default('.data'),
  AI_PROVIDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(15000),
  OPENAI_EMBEDDINGS_MODEL: z.string().min(1).optional(),
  OPENAI_FALLBACK_MODEL: z.string().min(1).optional(),
  HUBSPOT_ACCESS_TOKEN: z.string().min(1).optional(),
  HUBSPOT_BASE_URL: z.string().url().optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.string().url().optional(),
  SLACK_CHANNELS: z.string().min(1).default('{"default":"#support"}'),
  STRIPE_API_KEY: z.string().min(1).optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  CONSOLE_BASE_URL: z.string().url().optional(),
  KB_SUGGESTION_REMIND_AFTER_SECONDS: z.coerce.number().int().min(1).default(86400),
  /** Policy backtests: conversations replayed per activity, and pages per workflow run before continue-as-new. */
  BACKTEST_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  BACKTEST_PAGES_PER_RUN: z.coerce.number().int().min(1).max(10000).default(100),
  /** When the weekly review digest runs (five-field cron), or `off` for a worker that leaves the schedule alone. */
  REVIEW_DIGEST_CRON: z
    .string()
    .trim()
    .regex(/^(off|\S+(\s+\S+){4})$/, 'must be a five-field cron expression such as "0 9 * * 1", or "off"')
    .default('0 9 * * 1'),
  REVIEW_DIGEST_TIMEZONE: z
    .string()
    .min(1)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as "UTC" or "Europe/Berlin"')
    .default('UTC'),
  /** Origins (scheme://host[:port]) allowed to call the API from a browser: the host apps that embed the widget. */
  CORS_ORIGINS: z.string().default(''),
  ...FRONTENDS_ENV,
  ...DATA_PROTECTION_ENV,
  /** Where the Temporal Web UI is (Conversation.temporalUiUrl); default http://localhost:<TEMPORAL_UI_PORT>. */
  TEMPORAL_UI_URL: z.string().url().optional(),
});

export { ConfigError };
export type { ConsoleConfig, DataProtectionConfig, EmailConfig, OidcConfig, WidgetConfig };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  /** Undefined when the caller may fall back to an embedded PostgreSQL (npm start only). */
  databaseUrl: string | undefined;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    cliPath?: string;
    uiPort: number;
    uiUrl: string;
    /** See TEMPORAL_CALL_TIMEOUT_SECONDS. */
    callTimeoutMs: number;
    /** TLS to the frontend (paths to PEM files); with a certificate and key, mutual TLS. Absent: plaintext. */
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
  };
  api: { port: number; host: string };
  /** Abuse limits of the GraphQL API on HTTP and WebSocket, rate limits, introspection, /metrics (see api-limits.ts). */
  limits: ApiLimitsConfig;
  auth: AuthConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  seedDataDir?: string;
  lexiconFile?: string;
  worker: {
    maxCachedWorkflows: number;
    shutdownGraceMs: number;
    /** null: no metrics endpoint */ metricsPort: number | null;
    metricsHost: string;
  };
  conversation: { continueAsNewAfterTurns: number };
  /** The learning loop: how long a KB suggestion waits before its reviewers are reminded. */
  learning: { suggestionRemindAfterSeconds: number };
  backtest: { pageSize: number; pagesPerRun: number };
  dataDir: string;
  ai:
    | { provider: 'local' }
    | {
        provider: 'openai';
        apiKey: string;
        baseUrl?: string;
        model: string;
        timeoutMs: number;
        embeddingsModel?: string;
        /** The account agent's second model, asked when the first fails. */
        fallbackModel?: string;
      };
  integrations: {
    hubspot?: { accessToken: string; baseUrl?: string };
    slack?: { token: string; apiUrl?: string; channels: Record<string, string> & { default: string } };
    stripe?: { apiKey: string; apiBase?: string; webhookSecret?: string };
    consoleBaseUrl?: string;
  };
  /** The weekly review digest schedule; null: this worker does not manage it. */
  reviewDigest: { cron: string; timezone: string } | null;
  /** Browser origins allowed on /graphql (HTTP CORS and the WebSocket upgrade's Origin). */
  corsOrigins: string[];
  /** The customer widget, outgoing email and the agent console's sessions (see frontends.ts). */
  widget: WidgetConfig;
  email: EmailConfig | null;
  console: ConsoleConfig;
  /** Payload encryption keys, the codec endpoint's origins, retention (see data-protection.ts). */
  dataProtection: DataProtectionConfig;
}

export interface AuthConfig {
  jwtSecret: string;
  /** True when AUTH_JWT_SECRET is unset and the published development secret is in use. */
  developmentSecret: boolean;
  maxLifetimeSeconds: number;
  issuer?: string;
  audience?: string;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@localhost:5432/support';

function temporalTlsOf(v: z.infer<typeof schema>): AppConfig['temporal']['tls'] {
  const { TEMPORAL_TLS_CERT_PATH: certPath, TEMPORAL_TLS_KEY_PATH: keyPath } = v;
  if (!certPath !== !keyPath) {
    throw new ConfigError('configuration: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together (mutual TLS)');
  }
  if (!certPath && !v.TEMPORAL_TLS_CA_PATH && !v.TEMPORAL_TLS_SERVER_NAME) return undefined;
  return { certPath, keyPath, caPath: v.TEMPORAL_TLS_CA_PATH, serverName: v.TEMPORAL_TLS_SERVER_NAME };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const v = parsed.data;
  if (v.NODE_ENV === 'production' && !v.AUTH_JWT_SECRET) {
    throw new ConfigError('configuration: AUTH_JWT_SECRET is required when NODE_ENV=production');
  }
  let slackChannels: Record<string, string> & { default: string };
  try {
    slackChannels = JSON.parse(v.SLACK_CHANNELS);
    if (
      typeof slackChannels !== 'object' ||
      typeof slackChannels.default !== 'string' ||
      Object.values(slackChannels).some((c) => typeof c !== 'string')
    )
      throw new Error();
  } catch {
    throw new ConfigError(
      'configuration: SLACK_CHANNELS must be a JSON object of channel names with a "default" entry',
    );
  }
  if (v.AI_PROVIDER === 'openai' && !v.OPENAI_API_KEY) {
    throw new ConfigError('configuration: OPENAI_API_KEY is required when AI_PROVIDER=openai');
  }
  if (v.DATABASE_URL && !/^postgres(ql)?:\/\//.test(v.DATABASE_URL)) {
    throw new ConfigError('configuration: DATABASE_URL must be a postgres:// URL');
  }
  const corsOrigins = parseOrigins(v.CORS_ORIGINS);
  const frontends = frontendsOf(v);
  return {
    env: v.NODE_ENV,
    databaseUrl: v.DATABASE_URL,
    temporal: {
      address: v.TEMPORAL_ADDRESS,
      namespace: v.TEMPORAL_NAMESPACE,
      taskQueue: v.TEMPORAL_TASK_QUEUE,
      cliPath: v.TEMPORAL_CLI_PATH,
      uiPort: v.TEMPORAL_UI_PORT,
      callTimeoutMs: v.TEMPORAL_CALL_TIMEOUT_SECONDS * 1000,
      uiUrl: (v.TEMPORAL_UI_URL ?? `http://localhost:${v.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
      tls: temporalTlsOf(v),
    },
    api: { port: v.PORT, host: v.API_HOST ?? v.HOST ?? '127.0.0.1' },
    limits: apiLimitsOf(v, v.NODE_ENV),
    auth: {
      jwtSecret: v.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
      developmentSecret: !v.AUTH_JWT_SECRET,
      maxLifetimeSeconds: v.AUTH_TOKEN_MAX_LIFETIME_SECONDS,
      issuer: v.AUTH_JWT_ISSUER,
      audience: v.AUTH_JWT_AUDIENCE,
    },
    logLevel: v.LOG_LEVEL,
    seedDataDir: v.SEED_DATA_DIR,
    lexiconFile: v.AI_LEXICON_FILE,
    worker: {
      maxCachedWorkflows: v.WORKER_MAX_CACHED_WORKFLOWS,
      shutdownGraceMs: v.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
      metricsPort: v.WORKER_METRICS_PORT || null,
      metricsHost: v.HOST ?? '127.0.0.1',
    },
    conversation: { continueAsNewAfterTurns: v.CONVERSATION_CONTINUE_AS_NEW_TURNS },
    learning: { suggestionRemindAfterSeconds: v.KB_SUGGESTION_REMIND_AFTER_SECONDS },
    backtest: { pageSize: v.BACKTEST_PAGE_SIZE, pagesPerRun: v.BACKTEST_PAGES_PER_RUN },
    dataDir: v.DATA_DIR,
    ai:
      v.AI_PROVIDER === 'openai'
        ? {
            provider: 'openai',
            apiKey: v.OPENAI_API_KEY!,
            baseUrl: v.OPENAI_BASE_URL,
            model: v.OPENAI_MODEL,
            timeoutMs: v.OPENAI_TIMEOUT_MS,
            embeddingsModel: v.OPENAI_EMBEDDINGS_MODEL,
            fallbackModel: v.OPENAI_FALLBACK_MODEL,
          }
        : { provider: 'local' },
    integrations: {
      hubspot: v.HUBSPOT_ACCESS_TOKEN
        ? { accessToken: v.HUBSPOT_ACCESS_TOKEN, baseUrl: v.HUBSPOT_BASE_URL }
        : undefined,
      slack: v.SLACK_BOT_TOKEN
        ? { token: v.SLACK_BOT_TOKEN, apiUrl: v.SLACK_API_URL, channels: slackChannels }
        : undefined,
      stripe: v.STRIPE_API_KEY
        ? { apiKey: v.STRIPE_API_KEY, apiBase: v.STRIPE_API_BASE, webhookSecret: v.STRIPE_WEBHOOK_SECRET }
        : undefined,
      consoleBaseUrl: v.CONSOLE_BASE_URL,
    },
    reviewDigest:
      v.REVIEW_DIGEST_CRON === 'off' ? null : { cron: v.REVIEW_DIGEST_CRON, timezone: v.REVIEW_DIGEST_TIMEZONE },
    corsOrigins,
    ...frontends,
    dataProtection: dataProtectionOf(v),
  };
}

/** `https://app.example.com, http://localhost:3000` → normalised origins; anything else stops the process. */
function parseOrigins(list: string): string[] {
  const origins: string[] = [];
  for (const raw of list.split(/[\s,]+/).filter(Boolean)) {
    let url: URL | null = null;
    try {
      url = new URL(raw);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== raw.replace(/\/$/, '')) {
      throw new ConfigError(
        `configuration: CORS_ORIGINS entry "${raw}" must be an origin such as https://app.example.com`,
      );
    }
    origins.push(url.origin);
  }
  return origins;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/**
 * The API refuses to listen beyond loopback with the development secret: anyone can read it in this repository and
 * sign an admin token with it.
 */
export function assertSafeToExpose(config: AppConfig): void {
  if (config.auth.developmentSecret && !isLoopbackHost(config.api.host)) {
    throw new ConfigError(
      `configuration: AUTH_JWT_SECRET must be set when the API listens on ${config.api.host} (the built-in ` +
        'development secret is only accepted on loopback: API_HOST=127.0.0.1)',
    );
  }
}

export function databaseUrlOf(config: AppConfig): string {
  return config.databaseUrl ?? DEFAULT_DATABASE_URL;
}
