import type { IncomingMessage } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Browsers on the host apps that embed the widget call /graphql from another origin. Only the configured origins
 * get CORS headers (bearer tokens, no cookies, so no credentials mode); every other origin is left to the browser's
 * same-origin policy.
 */
export function graphqlCors(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'accept'],
    maxAge: 600,
  });
}

/**
 * Browsers do not apply CORS to WebSockets, so the upgrade checks Origin itself against the same list. Requests
 * without an Origin (servers, CLIs) and same-origin pages (the demo) pass; the token still decides what they see.
 */
export function wsOriginAllowed(origins: string[], req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
