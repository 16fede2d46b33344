import { z } from 'zod';
import { API_LIMITS_ENV, apiLimitsOf, type ApiLimitsConfig } from './api-limits';
import { ConfigError } from './config-error';
import { TEMPORAL_ENV, type TemporalConfig, temporalOf } from './temporal';
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
  ...TEMPORAL_ENV,
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Listen address of both processes when API_HOST / the worker's own setting is absent. */
  HOST: z.string().min(1).optional(),
  /** The API's listen address; loopback unless configured (the development secret is refused anywhere else). */
  API_HOST: z.string().min(1).optional(),
  /**
   * Which reverse proxies in front of the API to believe about the client's address (X-Forwarded-For), as Express's
   * `trust proxy`: unset or `false` believes none; a number of hops; or addresses and subnets, comma-separated
   * (`loopback`, `uniquelocal`, `10.0.0.0/8`). Per-address limits (new visitor sessions) count the client's address.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .optional()
    .transform((t): boolean | number | string =>
      t === undefined || t === 'false' ? false : t === 'true' ? true : /^\d+$/.test(t) ? Number(t) : t,
    ),
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
  /**
   * How long a workflow task waits for the worker that has the workflow cached before any worker may take it (and
   * replay the history). Shorter: a killed worker's conversations move on sooner, at the price of more replays.
   */
  WORKER_STICKY_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(10_000),
  /**
   * The bound on each call of the worker into the workflow sandbox (Temporal's isolateExecutionTimeout): a workflow
   * stuck in a loop fails its task instead of holding the workflow thread. Node enforces it with a watchdog thread
   * started and joined on every call (13 calls per customer message with its AI turn); 0 runs without it (README:
   * Performance). Default: Temporal's 5 s.
   */
  WORKER_SANDBOX_CALL_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** The worker's Prometheus endpoint (GET /metrics); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Forces continue-as-new after this many customer turns (0 = only when Temporal suggests it). */
  CONVERSATION_CONTINUE_AS_NEW_TURNS: z.coerce.number().int().min(0).default(0),
  MESSAGE_BACKLOG_LIMIT: z.coerce.number().int().min(0).default(10),
  MESSAGE_BACKLOG_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3000),
  /** Auto-assignment's safety sweep of waiting conversations (when the policy turns it on); 0: events only. */
  AUTO_ASSIGN_SWEEP_SECONDS: z.coerce.number().min(0).max(3600).default(15),
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
});

export { ConfigError };
export type { ConsoleConfig, DataProtectionConfig, EmailConfig, OidcConfig, TemporalConfig, WidgetConfig };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  /** Undefined when the caller may fall back to an embedded PostgreSQL (npm start only). */
  databaseUrl: string | undefined;
  temporal: TemporalConfig;
  api: { port: number; host: string; trustProxy: boolean | number | string };
  /** Abuse limits of the GraphQL API on HTTP and WebSocket, rate limits, introspection, /metrics (see api-limits.ts). */
  limits: ApiLimitsConfig;
  auth: AuthConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  seedDataDir?: string;
  lexiconFile?: string;
  worker: {
    maxCachedWorkflows: number;
    shutdownGraceMs: number;
    stickyQueueTimeoutMs: number;
    /** null: no bound and no watchdog on the calls into the workflow sandbox. */
    sandboxCallTimeoutMs: number | null;
    /** null: no metrics endpoint */ metricsPort: number | null;
    metricsHost: string;
  };
  conversation: {
    continueAsNewAfterTurns: number;
    /**
     * A message sent while this many of the conversation's earlier ones wait for the AI is acknowledged once the AI
     * answers one (or after `backlogWaitMs`): a flood is paced to what the AI answers. 0: never paced.
     */
    backlogLimit: number;
    backlogWaitMs: number;
  };
  /** Auto-assignment's periodic re-offer of waiting conversations, for events an API replica missed. */
  routing: { autoAssignSweepSeconds: number };
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
    temporal: temporalOf(v),
    api: { port: v.PORT, host: v.API_HOST ?? v.HOST ?? '127.0.0.1', trustProxy: v.TRUST_PROXY },
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
      stickyQueueTimeoutMs: v.WORKER_STICKY_QUEUE_TIMEOUT_MS,
      sandboxCallTimeoutMs: v.WORKER_SANDBOX_CALL_TIMEOUT_MS || null,
      metricsPort: v.WORKER_METRICS_PORT || null,
      metricsHost: v.HOST ?? '127.0.0.1',
    },
    conversation: {
      continueAsNewAfterTurns: v.CONVERSATION_CONTINUE_AS_NEW_TURNS,
      backlogLimit: v.MESSAGE_BACKLOG_LIMIT,
      backlogWaitMs: v.MESSAGE_BACKLOG_WAIT_MS,
    },
    routing: { autoAssignSweepSeconds: v.AUTO_ASSIGN_SWEEP_SECONDS },
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
