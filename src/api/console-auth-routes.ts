import express, { type Express, type Request, type Response } from 'express';
import type { ConsoleConfig } from '../config';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';
import type { AgentSessionService, IssuedSession } from '../services/agent-sessions.service';

const log = logger('console-auth');

export const REFRESH_COOKIE = 'sh_refresh';
const COOKIE_PATH = '/auth';
/** The CSRF guard of the cookie-authenticated routes: a cross-site form cannot set a custom header. */
const CSRF_HEADER = 'x-requested-with';
const CSRF_VALUE = 'console';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
};

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The session's refresh cookie (httpOnly, SameSite=Strict, Path=/auth): what every sign-in answers with. */
export function setRefreshCookie(res: Response, s: IssuedSession, secure: boolean): void {
  res.cookie(REFRESH_COOKIE, s.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    secure,
    expires: s.refreshExpiresAt,
  });
  res.set('cache-control', 'no-store');
}

function answer(res: Response, s: IssuedSession, secure: boolean): void {
  setRefreshCookie(res, s, secure);
  res.json({ accessToken: s.accessToken, expiresAt: s.expiresAt.toISOString(), agent: s.agent });
}

function fail(res: Response, err: unknown): void {
  if (err instanceof AppError && STATUS[err.code]) {
    res.status(STATUS[err.code]!).json({ code: err.code, message: err.message });
    return;
  }
  log.error('console auth failed', { error: String(err) });
  res.status(500).json({ code: ErrorCode.INTERNAL, message: 'internal error' });
}

/**
 * The console's session endpoints (same origin as the console, JSON): development sign-in when enabled, refresh and
 * sign-out through the httpOnly refresh cookie. Single sign-on (console-oidc-routes.ts) sets the same cookie.
 */
export function mountConsoleAuthRoutes(app: Express, sessions: AgentSessionService, config: ConsoleConfig): void {
  const json = express.json({ limit: '4kb' });
  // Behind a TLS-terminating proxy the request itself is http: the configured https URL says the cookie is Secure.
  const secure = (req: Request) => req.secure || config.httpsOnly;
  const csrf = (req: Request, res: Response): boolean => {
    if (req.header(CSRF_HEADER) === CSRF_VALUE) return true;
    res
      .status(403)
      .json({ code: ErrorCode.FORBIDDEN, message: `the ${CSRF_HEADER}: ${CSRF_VALUE} header is required` });
    return false;
  };

  // What the sign-in page offers: single sign-on (with the IdP's name) and, outside production, the seeded agents.
  app.get('/auth/methods', (_req, res) => {
    res.set('cache-control', 'no-store').json({
      devSignIn: config.devSignIn,
      oidc: config.oidc ? { name: config.oidc.providerName, startUrl: '/auth/oidc/start' } : null,
    });
  });

  if (config.devSignIn) {
    app.get('/auth/dev/agents', async (_req, res) => {
      try {
        res.set('cache-control', 'no-store').json(await sessions.devAgents());
      } catch (err) {
        fail(res, err);
      }
    });
    app.post('/auth/dev/sign-in', json, async (req, res) => {
      try {
        answer(res, await sessions.devSignIn((req.body as { agentId?: unknown } | undefined)?.agentId), secure(req));
      } catch (err) {
        fail(res, err);
      }
    });
  }

  app.post('/auth/refresh', async (req, res) => {
    if (!csrf(req, res)) return;
    try {
      answer(res, await sessions.refresh(readCookie(req, REFRESH_COOKIE)), secure(req));
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.UNAUTHENTICATED)
        res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: secure(req) });
      fail(res, err);
    }
  });

  app.post('/auth/sign-out', async (req, res) => {
    if (!csrf(req, res)) return;
    try {
      await sessions.signOut(readCookie(req, REFRESH_COOKIE));
      res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: secure(req) });
      res.status(204).end();
    } catch (err) {
      fail(res, err);
    }
  });
}
