import jwt from 'jsonwebtoken';
import { AppError, ErrorCode } from '../errors';
import { hmacKey } from './hmac-key';

import { ROLES, type Role } from '../../domain/vocabulary';

export { ROLES, type Role };

export interface Principal {
  /** Customer id (cus-01…) for customers, agent id (agt-1…) for agents, any id for admins. */
  sub: string;
  role: Role;
  name?: string;
  /** The widget session a customer token was issued for (its context prefetch is keyed on it). */
  sessionId?: string;
  /** An anonymous visitor of the widget (tighter rate limits). */
  visitor?: boolean;
}

/** How tokens are signed and checked (config.auth). A bare string is a secret with the default rules. */
export interface JwtSettings {
  jwtSecret: string;
  /** A token's `exp` may lie at most this far after its `iat` (and after now). */
  maxLifetimeSeconds: number;
  issuer?: string;
  audience?: string;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86400;
const DEFAULT_EXPIRES_IN_SECONDS = 12 * 3600;

function settingsOf(s: string | JwtSettings): JwtSettings {
  return typeof s === 'string' ? { jwtSecret: s, maxLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } : s;
}

/** A token valid for `expiresIn` (default 12 hours, never beyond the configured maximum lifetime). */
export function signToken(
  settings: string | JwtSettings,
  principal: Principal,
  expiresIn: jwt.SignOptions['expiresIn'] = Math.min(
    DEFAULT_EXPIRES_IN_SECONDS,
    settingsOf(settings).maxLifetimeSeconds,
  ),
): string {
  const s = settingsOf(settings);
  const claims = { sub: principal.sub, role: principal.role, name: principal.name };
  const widget = {
    ...(principal.sessionId ? { sid: principal.sessionId } : {}),
    ...(principal.visitor ? { vis: true } : {}),
  };
  return jwt.sign({ ...claims, ...widget }, hmacKey(s.jwtSecret), {
    algorithm: 'HS256',
    expiresIn,
    ...(s.issuer ? { issuer: s.issuer } : {}),
    ...(s.audience ? { audience: s.audience } : {}),
  });
}

export interface VerifiedToken {
  principal: Principal;
  /** Epoch milliseconds of `exp`: an open WebSocket is closed then. */
  expiresAt: number;
}

const invalid = (message: string) => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** Tokens verified already, oldest first; bounded, so a flood of distinct tokens costs memory only up to the cap. */
const verified = new Map<string, VerifiedToken>();
const VERIFIED_KEPT = 10_000;

function remember(key: string, v: VerifiedToken): void {
  if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
  verified.set(key, v);
}

/**
 * Reads `Bearer <jwt>`: null when absent, UNAUTHENTICATED when present but not valid. Valid means signed with the
 * secret (HS256 only), not expired, carrying `exp` no further than the maximum lifetime, the configured `iss`/`aud`
 * when set, and a known role.
 */
export function verifyBearer(settings: string | JwtSettings, header: unknown, at?: number): VerifiedToken | null {
  const s = settingsOf(settings);
  if (header === undefined || header === null || header === '') return null;
  if (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header.trim())) {
    throw invalid('authorization must be "Bearer <token>"');
  }
  const token = header.trim().split(/\s+/)[1];
  // A token verified before answers from the cache until its exp (the clock is checked here, not only at insertion);
  // an explicit `at` (tests) always verifies afresh. Whether an agent is disabled is checked per request elsewhere.
  const now = at ?? Date.now();
  const cacheKey = `${s.jwtSecret}\u0000${s.issuer ?? ''}\u0000${s.audience ?? ''}\u0000${s.maxLifetimeSeconds}\u0000${token}`;
  if (at === undefined) {
    const hit = verified.get(cacheKey);
    if (hit && now < hit.expiresAt) return hit;
    if (hit) verified.delete(cacheKey);
  }
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, hmacKey(s.jwtSecret), {
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(now / 1000),
      ...(s.issuer ? { issuer: s.issuer } : {}),
      ...(s.audience ? { audience: s.audience } : {}),
    }) as jwt.JwtPayload;
  } catch {
    throw invalid('the bearer token is invalid or expired');
  }
  if (typeof claims.exp !== 'number') throw invalid('the bearer token must carry an expiry (exp)');
  const nowSeconds = Math.floor(now / 1000);
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : nowSeconds;
  if (claims.exp - issuedAt > s.maxLifetimeSeconds || claims.exp - nowSeconds > s.maxLifetimeSeconds) {
    throw invalid(`the bearer token may live at most ${s.maxLifetimeSeconds} seconds`);
  }
  if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) {
    throw invalid('the bearer token lacks a valid sub or role');
  }
  const result: VerifiedToken = {
    principal: {
      sub: claims.sub,
      role: claims.role as Role,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
      ...(claims.vis === true ? { visitor: true } : {}),
    },
    expiresAt: claims.exp * 1000,
  };
  if (at === undefined) remember(cacheKey, result);
  return result;
}

/** Reads `Bearer <jwt>`; null when absent, UNAUTHENTICATED when present but not valid (see verifyBearer). */
export function principalFromAuthorization(settings: string | JwtSettings, header: unknown): Principal | null {
  return verifyBearer(settings, header)?.principal ?? null;
}
