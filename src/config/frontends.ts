import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * The settings of the browser apps and what serves them: the customer widget (identity tokens, visitors, the context
 * prefetch, reply emails), outgoing email, and the agent console's sessions. Read with the rest by loadConfig.
 */
/** Outside production the demo page (/demo) signs identity tokens with this when none is configured. */
const DEV_WIDGET_SECRET = 'dev-only-widget-secret-change-me';

export const FRONTENDS_ENV = {
  /** HS256 secret the host app's backend signs widget identity tokens with (one per deployment). */
  WIDGET_IDENTITY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Lifetime of the session token a widget gets for an identity token; the widget renews it before it ends. */
  WIDGET_SESSION_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(900),
  /** Anonymous visitors may chat (FREE tier, RATE_LIMIT_VISITOR_* limits) when this is true. */
  WIDGET_ALLOW_VISITORS: z.enum(['true', 'false', '1', '0']).default('false'),
  /** How long a visitor's widget comes back as the same visitor (the signed visitor token's lifetime). */
  WIDGET_VISITOR_TTL_SECONDS: z.coerce.number().int().min(60).max(31536000).default(2592000),
  /** How long the context gathered when the widget opens waits for a first message. */
  WIDGET_PREFETCH_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(900),
  /** Where this API is reached from browsers and email links (default http://localhost:PORT). */
  PUBLIC_URL: z.string().url().optional(),
  /** SMTP server for reply emails, e.g. smtp://user:pass@mail.example.com:587 (unset: no emails). */
  SMTP_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().min(3).default('Support <support@localhost>'),
  /** An agent's reply is emailed when the customer has had no widget open for this long after it (0: never). */
  WIDGET_REPLY_EMAIL_AFTER_SECONDS: z.coerce.number().int().min(0).max(604800).default(300),
  /** The host page an emailed reply links to (it embeds the widget); default PUBLIC_URL/demo. */
  WIDGET_REPLY_LINK_URL: z.string().url().optional(),
  /** How long an emailed link reopens its conversation. */
  WIDGET_REPLY_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(2592000).default(604800),
  /** The console's development sign-in (a list of the seeded agents): default on outside production, never in it. */
  DEV_SIGN_IN: z.enum(['true', 'false', '1', '0', 'on', 'off']).optional(),
  /** Lifetime of a console session (its refresh cookie), counted from sign-in. */
  CONSOLE_SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(12 * 3600),
  /** Lifetime of the access token a console session hands out (refreshed through the cookie before it ends). */
  CONSOLE_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(600),
  /** A rotated refresh cookie still answers this long (two tabs refreshing at once); later it is a replay. */
  CONSOLE_REFRESH_REUSE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** Single sign-on: the company's OpenID Connect issuer (discovery at /.well-known/openid-configuration). */
  OIDC_ISSUER_URL: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where the IdP sends the agent back (registered with it); default PUBLIC_URL/auth/oidc/callback. */
  OIDC_REDIRECT_URL: z.string().url().optional(),
  /** The IdP's name on the sign-in button ("Sign in with Okta"). */
  OIDC_PROVIDER_NAME: z.string().min(1).max(40).default('single sign-on'),
};

type FrontendsEnv = z.output<z.ZodObject<typeof FRONTENDS_ENV>> & {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  AUTH_TOKEN_MAX_LIFETIME_SECONDS: number;
  CONSOLE_BASE_URL?: string;
};

/** The customer widget: identity tokens (null secret: widget sessions are refused) and session token lifetime. */
export interface WidgetConfig {
  identitySecret: string | null;
  sessionTtlSeconds: number;
  prefetchTtlSeconds: number;
  /** Anonymous visitors: null when this deployment does not allow them. */
  visitors: { tokenTtlSeconds: number } | null;
  /** Agent replies emailed to a customer who is away: after how long, and where the link lands. */
  replyEmail: { afterSeconds: number; linkUrl: string; linkTtlSeconds: number };
}

/** Outgoing email (null in AppConfig: none is sent). */
export interface EmailConfig {
  smtpUrl: string;
  from: string;
}

/** Single sign-on through the company's OpenID Connect provider (authorization code with PKCE). */
export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string | null;
  redirectUrl: string;
  providerName: string;
  /** Plain-http issuer (a development IdP on this machine): never in production. */
  allowHttp: boolean;
}

/** The agent console's sessions: development sign-in, single sign-on, refresh-cookie and access-token lifetimes. */
export interface ConsoleConfig {
  devSignIn: boolean;
  /** null: single sign-on is not configured. */
  oidc: OidcConfig | null;
  /** The refresh cookie is Secure on https requests, and always when the console's public URL is https (behind TLS). */
  httpsOnly: boolean;
  sessionTtlSeconds: number;
  accessTokenTtlSeconds: number;
  refreshReuseSeconds: number;
}

export function frontendsOf(v: FrontendsEnv): {
  widget: WidgetConfig;
  email: EmailConfig | null;
  console: ConsoleConfig;
} {
  const devSignIn =
    v.DEV_SIGN_IN === undefined ? v.NODE_ENV !== 'production' : ['true', '1', 'on'].includes(v.DEV_SIGN_IN);
  if (devSignIn && v.NODE_ENV === 'production') {
    throw new ConfigError('configuration: DEV_SIGN_IN cannot be on when NODE_ENV=production (anyone could sign in)');
  }
  if (v.CONSOLE_ACCESS_TOKEN_TTL_SECONDS > v.AUTH_TOKEN_MAX_LIFETIME_SECONDS) {
    throw new ConfigError('configuration: CONSOLE_ACCESS_TOKEN_TTL_SECONDS exceeds AUTH_TOKEN_MAX_LIFETIME_SECONDS');
  }
  const publicUrl = (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, '');
  return {
    widget: {
      identitySecret: v.WIDGET_IDENTITY_SECRET ?? (v.NODE_ENV === 'production' ? null : DEV_WIDGET_SECRET),
      sessionTtlSeconds: v.WIDGET_SESSION_TTL_SECONDS,
      prefetchTtlSeconds: v.WIDGET_PREFETCH_TTL_SECONDS,
      visitors: ['true', '1'].includes(v.WIDGET_ALLOW_VISITORS)
        ? { tokenTtlSeconds: v.WIDGET_VISITOR_TTL_SECONDS }
        : null,
      replyEmail: {
        afterSeconds: v.WIDGET_REPLY_EMAIL_AFTER_SECONDS,
        linkUrl: v.WIDGET_REPLY_LINK_URL ?? `${publicUrl}/demo`,
        linkTtlSeconds: v.WIDGET_REPLY_LINK_TTL_SECONDS,
      },
    },
    email: v.SMTP_URL ? { smtpUrl: v.SMTP_URL, from: v.EMAIL_FROM } : null,
    console: {
      devSignIn,
      oidc: oidcOf(v, publicUrl),
      httpsOnly: v.CONSOLE_BASE_URL?.startsWith('https:') ?? false,
      sessionTtlSeconds: v.CONSOLE_SESSION_TTL_SECONDS,
      accessTokenTtlSeconds: v.CONSOLE_ACCESS_TOKEN_TTL_SECONDS,
      refreshReuseSeconds: v.CONSOLE_REFRESH_REUSE_SECONDS,
    },
  };
}

function oidcOf(v: FrontendsEnv, publicUrl: string): OidcConfig | null {
  if (!v.OIDC_ISSUER_URL && !v.OIDC_CLIENT_ID) return null;
  if (!v.OIDC_ISSUER_URL || !v.OIDC_CLIENT_ID) {
    throw new ConfigError('configuration: OIDC_ISSUER_URL and OIDC_CLIENT_ID go together (single sign-on)');
  }
  const http = v.OIDC_ISSUER_URL.startsWith('http:');
  if (http && v.NODE_ENV === 'production') {
    throw new ConfigError('configuration: OIDC_ISSUER_URL must be https when NODE_ENV=production');
  }
  return {
    issuerUrl: v.OIDC_ISSUER_URL,
    clientId: v.OIDC_CLIENT_ID,
    clientSecret: v.OIDC_CLIENT_SECRET ?? null,
    redirectUrl: v.OIDC_REDIRECT_URL ?? `${publicUrl}/auth/oidc/callback`,
    providerName: v.OIDC_PROVIDER_NAME,
    allowHttp: http,
  };
}
