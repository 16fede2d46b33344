import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import {
  graphqlRequestDuration,
  httpRequestDuration,
  registerMetrics,
  setQueueDepthSource,
  setWebSocketStatsSource,
} from '../observability/metrics';
import { exposition } from '../observability/metrics-server';
import { queueDepth } from '../services/queue-info';

/**
 * Operation names come from clients: each distinct one becomes a series, so a bounded number are kept as they are
 * and the rest are counted together as "other" (a client sending random names cannot grow the API's memory).
 */
const MAX_OPERATION_NAMES = 200;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** The API's instruments: HTTP and GraphQL latency, the graphql-ws gauges, the queue read at scrape time. */
export function apiMetrics(ds: DataSource, routes: string[]) {
  const registry = registerMetrics('api');
  setQueueDepthSource(() => queueDepth(ds));

  const names = new Set<string>();
  const operationName = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!GRAPHQL_NAME.test(name)) return 'invalid';
    if (!names.has(name) && names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  const sockets = new Set<{ subscriptions: Record<string, unknown> }>();
  setWebSocketStatsSource(() => {
    let operations = 0;
    for (const s of sockets) operations += Object.keys(s.subscriptions).length;
    return { connections: sockets.size, operations };
  });

  /** Latency of every request by its route (a fixed list, so unknown paths share "unmatched") and status. */
  const http: RequestHandler = (req, res, next) => {
    const route = routes.includes(req.path) ? req.path : 'unmatched';
    const done = httpRequestDuration.startTimer({ method: HTTP_METHODS.has(req.method) ? req.method : 'OTHER', route });
    res.once('finish', () => done({ status_code: String(res.statusCode) }));
    next();
  };

  /** Each GraphQL operation over HTTP: query/mutation, its name, ok or error (with the first error's code). */
  const graphql: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      const done = graphqlRequestDuration.startTimer();
      return {
        async willSendResponse(rc) {
          const body = rc.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          const code = errors?.length ? errors[0].extensions?.code : undefined;
          done({
            operation_type: rc.operation?.operation ?? 'unknown',
            operation_name: operationName(rc.operation?.name?.value ?? rc.request.operationName),
            outcome: errors?.length ? 'error' : 'ok',
            error_code: errors?.length ? (typeof code === 'string' ? code : 'UNKNOWN') : '',
          });
        },
      };
    },
  };

  const metricsRoute: RequestHandler = async (_req, res) => {
    try {
      const { contentType, body } = await exposition(registry);
      res.status(200).set('content-type', contentType).send(body);
    } catch (err) {
      res
        .status(500)
        .type('text/plain')
        .send(`metrics collection failed: ${String(err)}\n`);
    }
  };

  return {
    http,
    graphql,
    metricsRoute,
    /** graphql-ws hooks: a connection counts once acknowledged, until it closes. */
    ws: {
      connected: (ctx: { subscriptions: Record<string, unknown> }) => void sockets.add(ctx),
      closed: (ctx: { subscriptions: Record<string, unknown> }) => void sockets.delete(ctx),
    },
    stop(): void {
      setQueueDepthSource(null);
      setWebSocketStatsSource(null);
    },
  };
}
