import jwt from 'jsonwebtoken';
import { hmacKey } from './hmac-key';
import { z } from 'zod';
import { AppError, ErrorCode } from '../errors';

/**
 * The identity token a host app's backend signs for its signed-in user (HS256 with the deployment's
 * WIDGET_IDENTITY_SECRET), as Intercom's and Chatwoot's identity verification do: the widget never holds the secret,
 * so a customer cannot claim to be someone else.
 */
export interface WidgetIdentity {
  /** The host app's user id; becomes our customer id. */
  sub: string;
  email: string;
  name: string;
  company: string | null;
  /** A tier hint for a customer the CRM does not know yet (FREE, PRO or ENTERPRISE); the CRM wins. */
  plan: string | null;
}

export const IdentityReason = {
  EXPIRED: 'TOKEN_EXPIRED',
  INVALID: 'TOKEN_INVALID',
  NOT_CONFIGURED: 'WIDGET_NOT_CONFIGURED',
} as const;

const claimsSchema = z.object({
  sub: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w.@:+-]+$/, 'letters, digits and . _ @ : + - only'),
  email: z.string().email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
  company: z.string().trim().min(1).max(200).optional(),
  plan: z.string().trim().min(1).max(64).optional(),
  exp: z.number(),
});

const invalid = (why: string) =>
  new AppError(ErrorCode.UNAUTHENTICATED, `the identity token is not valid: ${why}`, IdentityReason.INVALID);

/** Verifies signature, algorithm and expiry; `exp` is required. Expired and forged tokens say which they are. */
export function verifyIdentityToken(secret: string, token: string): WidgetIdentity {
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'] }) as jwt.JwtPayload;
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) {
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        `the identity token has expired (at ${err.expiredAt.toISOString()}); ask the host app for a new one`,
        IdentityReason.EXPIRED,
      );
    }
    throw invalid(err instanceof jwt.JsonWebTokenError ? err.message : 'it cannot be read');
  }
  if (typeof payload !== 'object' || payload === null) throw invalid('its payload is not a JSON object');
  if (payload.exp === undefined) throw invalid('it has no exp claim (identity tokens must expire)');
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`claim ${issue.path.join('.') || '?'} ${issue.message}`);
  }
  const c = parsed.data;
  return {
    sub: c.sub,
    email: c.email,
    name: c.name ?? c.email.split('@')[0],
    company: c.company ?? null,
    plan: c.plan ?? null,
  };
}

/** What a host backend does (Node), and what the tests and the demo page do. */
export function signIdentityToken(
  secret: string,
  claims: { sub: string; email: string; name?: string; company?: string; plan?: string },
  expiresInSeconds = 600,
): string {
  return jwt.sign(claims, hmacKey(secret), { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
