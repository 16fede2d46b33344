import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import type { GraphQLContext, Services } from '../../schema/context';
import { buildSupportSchema } from '../../schema/build-schema';
import { formatError } from '../../schema/errors';
import { createLoaders } from '../../schema/loaders';
import { principalFromAuthorization, type Principal } from '../auth/jwt';
import type { AppConfig } from '../config';
import { AppError, ErrorCode } from '../errors';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { AgentAccessBus } from '../events/agent-access';
import { logger } from '../logger';
import { graphqlCors, wsOriginAllowed } from './cors';
import { mountConsoleAuthRoutes } from './console-auth-routes';
import { mountConsoleOidcRoutes } from './console-oidc-routes';
import { OidcSignIn } from '../auth/oidc';
import { mountConsole } from './console-routes';
import { mountGraphiql } from './graphiql-routes';
import { mountDemo } from './demo-page';
import type { TemporalGateway } from '../temporal/gateway';
import { mountWidgetRoutes } from './widget-routes';
import { mountCodecRoutes } from './codec-routes';
import type { EncryptionCodec } from '../crypto/payload-codec';
import { graphqlWsOptions } from './graphql-ws';
import { createRequestLimits } from './limits';
import { apolloLimitOptions } from './limits/apollo-limits';
import { apiMetrics } from './metrics';
import { jsonErrors, metricsGuard, securityHeaders } from './security';

const log = logger('api');

/** How long an idle HTTP connection is kept (above the 60 s idle timeout common to load balancers). */
export const KEEP_ALIVE_MS = 65_000;

export interface ApiDeps {
  config: AppConfig;
  ds: DataSource;
  temporal: Pick<TemporalGateway, 'ping'>;
  services: Services;
  /** Tells this replica that an agent was disabled anywhere: their open WebSockets are closed. */
  accessBus: Pick<AgentAccessBus, 'onDisabled'>;
  presence?: { opened(customerId: string): void; closed(customerId: string): void };
  /** The payload codec, served to the Temporal Web UI on /codec (admins or loopback). */
  codec?: EncryptionCodec;
}

export interface RunningApi {
  server: http.Server;
  port: number;
  stop(): Promise<void>;
}

function authenticate(auth: AppConfig['auth'], header: unknown): Principal | null {
  try {
    return principalFromAuthorization(auth, header);
  } catch (err) {
    if (err instanceof AppError) {
      throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: 401 } } });
    }
    throw err;
  }
}

/** The caller of an HTTP request, refused here (403 FORBIDDEN, reason AGENT_DISABLED) when a disabled agent. */
async function callerOf(config: AppConfig, services: Services, header: unknown): Promise<Principal | null> {
  const principal = authenticate(config.auth, header);
  const refusal = await services.access.refusal(principal).catch((err: unknown) => {
    // Before any resolver runs, so the error edge (schema/errors.ts) can't map it: said here as it would.
    if (!isDatabaseUnavailable(err)) throw err;
    throw new GraphQLError('the service is briefly unavailable; resend the same request', {
      extensions: { code: ErrorCode.UNAVAILABLE, http: { status: 503 } },
    });
  });
  if (refusal) {
    throw new GraphQLError(refusal.message, {
      extensions: { code: refusal.code, reason: refusal.reason, http: { status: 403 } },
    });
  }
  return principal;
}

async function health(deps: ApiDeps): Promise<{ ok: boolean; postgres: string; temporal: string }> {
  const [pg, tp] = await Promise.allSettled([deps.ds.query('SELECT 1'), deps.temporal.ping()]);
  return {
    ok: pg.status === 'fulfilled' && tp.status === 'fulfilled',
    postgres: pg.status === 'fulfilled' ? 'ok' : 'unreachable',
    temporal: tp.status === 'fulfilled' ? 'ok' : 'unreachable',
  };
}

/** GraphQL over HTTP and WebSocket (graphql-ws) on one HTTP server, plus /healthz and Prometheus /metrics. */
export async function startApiServer(deps: ApiDeps): Promise<RunningApi> {
  const { config, services } = deps;
  const schema = await buildSupportSchema();
  const metrics = apiMetrics(deps.ds, [
    '/graphql',
    '/healthz',
    '/metrics',
    '/webhooks/stripe',
    '/widget.js',
    '/demo',
    '/console/',
  ]);
  const limits = createRequestLimits(deps.ds, config.limits);
  const app = express();
  // Behind a reverse proxy, req.ip is the client's address only for the proxies configured to be believed.
  app.set('trust proxy', config.api.trustProxy);
  app.use(metrics.http);
  app.use(securityHeaders());
  const httpServer = http.createServer(app);
  // Idle keep-alive connections stay open longer than a client or a load balancer keeps them (Node's 5 s default is
  // shorter than most: a client reusing a connection the server is closing at that moment gets "other side closed",
  // and a load balancer a 502). Headers must be allowed longer than that.
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1000;

  // maxPayload: one message may be as large as one HTTP request body, no larger.
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.limits.maxBodyBytes,
    // CORS does not apply to WebSockets: the upgrade's Origin is checked against the same allowlist.
    verifyClient: ({ req }: { req: http.IncomingMessage }, done: (ok: boolean, status?: number) => void) =>
      done(wsOriginAllowed(config.corsOrigins, req), 403),
  });
  const wsCleanup = useServer(
    graphqlWsOptions({
      schema,
      config,
      services,
      limits,
      accessBus: deps.accessBus,
      onAccepted: (ctx) => metrics.ws.connected(ctx),
      onClosed: (ctx) => metrics.ws.closed(ctx),
      presence: deps.presence,
    }),
    wsServer,
    config.limits.ws.keepAliveMs,
  );

  const { plugin: queryLimits, ...limitOptions } = apolloLimitOptions<GraphQLContext>(config.limits);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    ...limitOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The landing page loads scripts from Apollo's CDN, which the security headers' CSP forbids.
      ApolloServerPluginLandingPageDisabled(),
      queryLimits,
      metrics.graphql,
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    const h = await health(deps);
    res.status(h.ok ? 200 : 503).json(h);
  });
  app.get('/metrics', metricsGuard(config.limits.metricsToken), metrics.metricsRoute);
  // Stripe signs the raw bytes: this route reads them unparsed. Forged or stale signatures answer 400.
  app.post('/webhooks/stripe', express.raw({ type: '*/*', limit: '1mb' }), async (req, res) => {
    try {
      const result = await services.billing.handleWebhook(req.body as Buffer, req.header('stripe-signature'));
      res.status(200).json(result);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'BAD_SIGNATURE' || code === 'STALE_TIMESTAMP' || code === 'MALFORMED' || code === 'BAD_USER_INPUT') {
        res.status(400).json({ error: { code, message: (err as Error).message } });
      } else if (code === 'UNAVAILABLE') {
        // Not marked delivered: Stripe retries on any non-2xx, and the retry delivers it.
        log.warn('stripe webhook not delivered yet', { error: String(err) });
        res.status(503).json({ error: { code, message: 'not delivered yet; retry' } });
      } else {
        log.error('stripe webhook failed', { error: String(err) });
        res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal error' } });
      }
    }
  });
  if (deps.codec) mountCodecRoutes(app, config, deps.codec, services);
  mountWidgetRoutes(app, deps.ds);
  mountConsoleAuthRoutes(app, services.sessions, config.console);
  const oidc = config.console.oidc;
  if (oidc) {
    mountConsoleOidcRoutes(
      app,
      new OidcSignIn(oidc),
      services.sessions,
      { ...config.console, oidc },
      config.auth.jwtSecret,
    );
  }
  mountConsole(app);
  if (config.env !== 'production') {
    mountDemo(app, { identitySecret: config.widget.identitySecret, jwtSecret: config.auth.jwtSecret });
    mountGraphiql(app);
  }
  app.use(
    '/graphql',
    graphqlCors(config.corsOrigins),
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<GraphQLContext> => ({
        principal: await callerOf(config, services, req.headers.authorization),
        services,
        loaders: createLoaders(services),
        limits,
        clientAddress: req.ip ?? req.socket.remoteAddress,
        origin: `${req.protocol}://${req.get('host')}`,
      }),
    }),
  );

  app.use(jsonErrors());

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.api.port, config.api.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.api.port;
  log.info('api listening', { port });
  return {
    server: httpServer,
    port,
    stop: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      metrics.stop();
    },
  };
}
