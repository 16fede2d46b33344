import { timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet's defaults: a same-origin CSP, nosniff, frame denial, HSTS, no
 * X-Powered-By). Routes that browsers load from other sites (a widget script) override what they need.
 */
export function securityHeaders(): RequestHandler {
  const strict = helmet();
  // The widget's script is loaded by the host's pages on other origins; the development demo page runs inline scripts.
  const embeddable = helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' } });
  const demo = helmet({ contentSecurityPolicy: false });
  return (req, res, next) => {
    if (req.path === '/widget.js') return embeddable(req, res, next);
    if (req.path === '/demo' || req.path.startsWith('/demo/')) return demo(req, res, next);
    return strict(req, res, next);
  };
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

/**
 * The last handler: what Express itself refuses (a body over the limit: 413, malformed JSON: 400) answers in GraphQL's
 * error shape, never Express's HTML page with a stack trace.
 */
export function jsonErrors(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown }).status;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    const known = typeof status === 'number' && status >= 400 && status < 500;
    res.status(known ? status : 500).json({
      errors: [
        {
          message: known ? (status === 413 ? 'request body too large' : 'malformed request') : 'internal error',
          extensions: { code: known ? code : 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
  };
}
