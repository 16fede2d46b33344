import type { Express, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { OidcSignIn, OidcFlow } from '../auth/oidc';
import type { ConsoleConfig } from '../config';
import { AppError } from '../errors';
import { logger } from '../logger';
import type { AgentSessionService } from '../services/agent-sessions.service';
import { readCookie, setRefreshCookie } from './console-auth-routes';

const log = logger('console-oidc');

const FLOW_COOKIE = 'sh_oidc';
const FLOW_PATH = '/auth/oidc';
const FLOW_AUDIENCE = 'console-oidc-flow';
const FLOW_TTL_SECONDS = 600;

/**
 * Single sign-on for the console: `/auth/oidc/start` sends the agent to the IdP (authorization code with PKCE), and
 * `/auth/oidc/callback` exchanges the code, matches the IdP's email to an agent and opens the same session the
 * development sign-in does (the refresh cookie), then lands on the console. State, nonce and the PKCE verifier wait
 * in a signed httpOnly cookie; SameSite=Lax, because the IdP's redirect back is a top-level navigation from its site.
 * A refusal lands on the sign-in page with its reason (`?signin_error=`).
 */
export function mountConsoleOidcRoutes(
  app: Express,
  oidc: OidcSignIn,
  sessions: AgentSessionService,
  config: ConsoleConfig & { oidc: NonNullable<ConsoleConfig['oidc']> },
  jwtSecret: string,
): void {
  const secure = (req: Request) => req.secure || config.httpsOnly;
  const flowCookie = { httpOnly: true, sameSite: 'lax' as const, path: FLOW_PATH };
  const back = (res: Response, error?: string) =>
    res
      .set('cache-control', 'no-store')
      .redirect(303, error ? `/console/?signin_error=${encodeURIComponent(error)}` : '/console/');

  app.get('/auth/oidc/start', async (req, res) => {
    try {
      const { url, flow } = await oidc.start();
      const sealed = jwt.sign(flow, jwtSecret, {
        algorithm: 'HS256',
        audience: FLOW_AUDIENCE,
        expiresIn: FLOW_TTL_SECONDS,
      });
      res.cookie(FLOW_COOKIE, sealed, { ...flowCookie, secure: secure(req), maxAge: FLOW_TTL_SECONDS * 1000 });
      res.set('cache-control', 'no-store').redirect(302, url.href);
    } catch (err) {
      log.warn('single sign-on could not start', { error: String(err) });
      back(res, err instanceof AppError ? err.message : 'single sign-on could not start');
    }
  });

  app.get('/auth/oidc/callback', async (req, res) => {
    res.clearCookie(FLOW_COOKIE, { ...flowCookie, secure: secure(req) });
    let flow: OidcFlow;
    try {
      const claims = jwt.verify(readCookie(req, FLOW_COOKIE) ?? '', jwtSecret, {
        algorithms: ['HS256'],
        audience: FLOW_AUDIENCE,
      }) as Partial<OidcFlow>;
      if (!claims.state || !claims.nonce || !claims.verifier) throw new Error('incomplete');
      flow = { state: claims.state, nonce: claims.nonce, verifier: claims.verifier };
    } catch {
      return back(res, 'The sign-in took too long or was started in another browser: please try again.');
    }
    try {
      // The URL the IdP redirected to, as registered (behind a proxy the request's own host may differ).
      const callback = new URL(config.oidc.redirectUrl);
      callback.search = new URL(req.originalUrl, 'http://x').search;
      const who = await oidc.finish(callback, flow);
      const session = await sessions.signInByEmail(who.email, who.emailVerified);
      log.info('agent signed in through single sign-on', { agentId: session.agent.id, subject: who.subject });
      setRefreshCookie(res, session, secure(req));
      back(res);
    } catch (err) {
      if (!(err instanceof AppError)) log.error('single sign-on failed', { error: String(err) });
      else log.warn('single sign-on refused', { error: err.message });
      back(res, err instanceof AppError ? err.message : 'single sign-on failed');
    }
  });
}
