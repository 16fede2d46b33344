import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet's defaults: a same-origin CSP, nosniff, frame denial, HSTS, no
 * X-Powered-By). Routes that browsers load from other sites (a widget script) override what they need.
 */
export function securityHeaders(): RequestHandler {
  return helmet();
}

/**
 * `GET /metrics` on the public port: only with `Authorization: Bearer <METRICS_TOKEN>`; without a configured token the
 * route does not exist (404), so nothing about the system leaks to the internet.
 */
export function metricsGuard(token: string | null): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return (req, res, next) => {
    if (!expected) return void res.status(404).type('text/plain').send('not found\n');
    const given = Buffer.from(req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return void res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('unauthorized\n');
    }
    next();
  };
}
