import jwt from 'jsonwebtoken';
import { hmacKey } from './hmac-key';

/**
 * What an anonymous visitor's widget keeps to come back as the same visitor: signed by the API (HS256, its own
 * audience), expiring, never a raw id, so nobody can take over another visitor's conversations by guessing or
 * copying an id. It is no bearer token: it is exchanged with startVisitorSession, or given with the identity token
 * on sign-in so the visitor's open conversation moves to the customer.
 */
const AUDIENCE = 'support-visitor';

export function signVisitorToken(secret: string, visitorId: string, expiresInSeconds: number): string {
  return jwt.sign({ sub: visitorId }, hmacKey(secret), {
    algorithm: 'HS256',
    audience: AUDIENCE,
    expiresIn: expiresInSeconds,
  });
}

/** The visitor id, or null for a token that is missing, forged, expired or malformed (the caller starts afresh). */
export function verifyVisitorToken(secret: string, token: string | null | undefined): string | null {
  if (!token) return null;
  try {
    const c = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'], audience: AUDIENCE }) as jwt.JwtPayload;
    return typeof c.sub === 'string' && c.sub.startsWith('vis-') && typeof c.exp === 'number' ? c.sub : null;
  } catch {
    return null;
  }
}
