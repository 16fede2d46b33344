import { z } from 'zod';

/**
 * The API's abuse limits, read from the environment with the rest of the configuration (src/config/index.ts).
 * Defaults follow graphql-armor's where the issue is silent; the README's "Security model" lists each one.
 */

/** `RATE/SECONDS[+BURST/SECONDS]`: RATE requests per window, plus BURST more per (longer) burst window; or `off`. */
const RATE = /^(off|(\d+)\/(\d+)(\+(\d+)\/(\d+))?)$/;

const rate = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(RATE, 'must look like "5/15+5/60" (5 per 15 s, plus bursts of 5 more per 60 s), "5/15" or "off"')
    .default(fallback);

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const API_LIMITS_ENV = {
  /** Bytes of one HTTP request body or one WebSocket message (the same limit on both transports). */
  GRAPHQL_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Our deepest real read (a page of conversations, their messages and the AI's sources) is 9 levels. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(10).default(1000),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(5000),
  /** Default: on, except with NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: flag.optional(),
  /** Operations (subscriptions, plus queries and mutations in flight) one WebSocket may hold at once. */
  WS_MAX_OPERATIONS: z.coerce.number().int().min(1).default(50),
  /** How often the server pings each WebSocket; a socket that has not answered by the next ping is dropped. */
  WS_KEEPALIVE_MS: z.coerce.number().int().min(100).default(12000),
  /** A socket whose unsent bytes exceed this (it stopped reading) is dropped. */
  WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** `GET /metrics` on the API's port answers only `Authorization: Bearer <METRICS_TOKEN>`; unset: 404. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  RATE_LIMIT_MESSAGES: rate('5/15+5/60'),
  RATE_LIMIT_CONVERSATIONS: rate('5/30+5/60'),
  RATE_LIMIT_STAFF: rate('20/10+40/60'),
  RATE_LIMIT_TYPING: rate('10/10+10/60'),
  /** Anonymous visitors: what customers get, tighter (a visitor costs nothing to make). */
  RATE_LIMIT_VISITOR_MESSAGES: rate('3/15+3/60'),
  RATE_LIMIT_VISITOR_CONVERSATIONS: rate('2/60+2/300'),
  /** New visitor sessions per client address (anyone may ask for one: the only limit before a token exists). */
  RATE_LIMIT_VISITOR_SESSIONS: rate('20/60+60/3600'),
  /**
   * Workflow Updates one API process runs at once on one conversation: Temporal's own in-flight limit per workflow
   * (history.maxInFlightUpdates, 10 by default), so one replica never meets it; set it to match the server's.
   */
  CONVERSATION_MAX_CONCURRENT_UPDATES: z.coerce.number().int().min(1).default(10),
};

export interface RateSpec {
  points: number;
  seconds: number;
  burst: { points: number; seconds: number } | null;
}

export const RATE_BUCKETS = [
  'messages',
  'conversations',
  'staff',
  'typing',
  'visitorMessages',
  'visitorConversations',
  'visitorSessions',
] as const;
export type RateBucket = (typeof RATE_BUCKETS)[number];

export interface ApiLimitsConfig {
  maxBodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  introspection: boolean;
  ws: { maxOperations: number; keepAliveMs: number; maxBufferedBytes: number };
  metricsToken: string | null;
  /** null: that bucket is not limited. */
  rates: Record<RateBucket, RateSpec | null>;
  maxConcurrentUpdatesPerConversation: number;
}

export function parseRate(value: string): RateSpec | null {
  const m = RATE.exec(value.trim());
  if (!m) throw new Error(`not a rate: ${value}`);
  if (m[1] === 'off') return null;
  return {
    points: Number(m[2]),
    seconds: Number(m[3]),
    burst: m[4] ? { points: Number(m[5]), seconds: Number(m[6]) } : null,
  };
}

type LimitsEnv = z.output<z.ZodObject<typeof API_LIMITS_ENV>>;

export function apiLimitsOf(v: LimitsEnv, nodeEnv: string): ApiLimitsConfig {
  return {
    maxBodyBytes: v.GRAPHQL_MAX_BODY_BYTES,
    maxDepth: v.GRAPHQL_MAX_DEPTH,
    maxAliases: v.GRAPHQL_MAX_ALIASES,
    maxTokens: v.GRAPHQL_MAX_TOKENS,
    maxCost: v.GRAPHQL_MAX_COST,
    introspection: v.GRAPHQL_INTROSPECTION ?? nodeEnv !== 'production',
    ws: {
      maxOperations: v.WS_MAX_OPERATIONS,
      keepAliveMs: v.WS_KEEPALIVE_MS,
      maxBufferedBytes: v.WS_MAX_BUFFERED_BYTES,
    },
    metricsToken: v.METRICS_TOKEN ?? null,
    rates: {
      messages: parseRate(v.RATE_LIMIT_MESSAGES),
      conversations: parseRate(v.RATE_LIMIT_CONVERSATIONS),
      staff: parseRate(v.RATE_LIMIT_STAFF),
      typing: parseRate(v.RATE_LIMIT_TYPING),
      visitorMessages: parseRate(v.RATE_LIMIT_VISITOR_MESSAGES),
      visitorConversations: parseRate(v.RATE_LIMIT_VISITOR_CONVERSATIONS),
      visitorSessions: parseRate(v.RATE_LIMIT_VISITOR_SESSIONS),
    },
    maxConcurrentUpdatesPerConversation: v.CONVERSATION_MAX_CONCURRENT_UPDATES,
  };
}
