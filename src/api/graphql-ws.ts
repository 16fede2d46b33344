import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { GraphQLContext, Services } from '../../schema/context';
import { formatError } from '../../schema/errors';
import { createLoaders } from '../../schema/loaders';
import { type Principal, verifyBearer } from '../auth/jwt';
import type { AppConfig } from '../config';
import { ErrorCode } from '../errors';
import type { AgentAccessBus } from '../events/agent-access';
import type { RequestLimits } from './limits';
import { checkOperation } from './limits/query-limits';

/** Close codes a client can act on: 4401 means "connect again with a fresh token". */
export const WS_CLOSE_UNAUTHORIZED = 4401;
/** The token is valid but its holder may not connect (a disabled agent): connecting again will not help. */
export const WS_CLOSE_FORBIDDEN = 4403;

type ConnectionParams = { authorization?: unknown };
type WsContext = Context<ConnectionParams, Extra>;

interface Connection {
  principal: Principal;
  expiresAt: number;
  expiryTimer: NodeJS.Timeout | null;
}

/** setTimeout's longest delay; a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface GraphqlWsDeps {
  schema: GraphQLSchema;
  config: AppConfig;
  services: Services;
  limits: RequestLimits;
  /** Agents disabled on any replica: their sockets here are closed with 4403. */
  accessBus: Pick<AgentAccessBus, 'onDisabled'>;
  /** Connection gauges (src/api/metrics.ts). */
  onAccepted(ctx: WsContext): void;
  onClosed(ctx: WsContext): void;
  /** A customer's socket is their widget being open (the reply email asks whether it was). */
  presence?: { opened(customerId: string): void; closed(customerId: string): void };
}

/**
 * graphql-ws with the same guarantees as GraphQL over HTTP: a token checked at connect (none: closed with 4401;
 * invalid, or a disabled agent's: 4403; an agent disabled later is closed with 4403 too), the socket closed with 4401
 * when the token expires, every operation parsed, validated and costed with the same limits as HTTP before anything
 * runs, a bounded number of operations per socket, and a socket that stops reading dropped. The message size limit
 * (maxPayload) and the keepalive are set where the server is created.
 */
export function graphqlWsOptions(deps: GraphqlWsDeps): ServerOptions<ConnectionParams, Extra> {
  const { schema, config, services, limits } = deps;
  const connections = new WeakMap<WsContext, Connection>();
  const closeUnauthorized = (ctx: WsContext, reason: string) => ctx.extra.socket.close(WS_CLOSE_UNAUTHORIZED, reason);
  const closeForbidden = (ctx: WsContext, reason: string) => ctx.extra.socket.close(WS_CLOSE_FORBIDDEN, reason);
  // Open sockets per agent, so that disabling one ends all its subscriptions on this replica at once.
  const agentSockets = new Map<string, Set<WsContext>>();
  deps.accessBus.onDisabled((agentId) => {
    for (const ctx of agentSockets.get(agentId) ?? []) closeForbidden(ctx, 'agent disabled');
  });
  const forget = (ctx: WsContext, conn: Connection | undefined) => {
    if (conn?.principal.role !== 'agent') return;
    const set = agentSockets.get(conn.principal.sub);
    set?.delete(ctx);
    if (set?.size === 0) agentSockets.delete(conn.principal.sub);
  };

  const armExpiry = (ctx: WsContext, conn: Connection) => {
    const left = conn.expiresAt - Date.now();
    if (left <= 0) return closeUnauthorized(ctx, 'token expired');
    conn.expiryTimer = setTimeout(() => armExpiry(ctx, conn), Math.min(left, MAX_TIMER_MS));
    conn.expiryTimer.unref();
  };

  const refuse = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

  return {
    schema,
    onConnect: async (ctx) => {
      let verified;
      try {
        verified = verifyBearer(config.auth, ctx.connectionParams?.authorization);
      } catch {
        return false; // closes with 4403 Forbidden: the token is there but not valid
      }
      if (!verified) {
        closeUnauthorized(ctx, 'a bearer token is required');
        return false;
      }
      const refusal = await services.access.refusal(verified.principal);
      if (refusal) {
        closeForbidden(ctx, 'agent disabled');
        return false;
      }
      // Gone while the database answered: onClose has run already, so nothing may be registered for it now.
      if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
      const conn: Connection = { ...verified, expiryTimer: null };
      connections.set(ctx, conn);
      if (conn.principal.role === 'agent') {
        const set = agentSockets.get(conn.principal.sub) ?? new Set<WsContext>();
        agentSockets.set(conn.principal.sub, set.add(ctx));
      }
      armExpiry(ctx, conn);
      if (conn.principal.role === 'customer') deps.presence?.opened(conn.principal.sub);
      deps.onAccepted(ctx);
      return true;
    },
    onSubscribe: async (ctx, _id, payload) => {
      const conn = connections.get(ctx);
      if (!conn || Date.now() >= conn.expiresAt) {
        closeUnauthorized(ctx, 'token expired');
        return refuse('the bearer token has expired', ErrorCode.UNAUTHENTICATED);
      }
      // This operation is already counted in ctx.subscriptions.
      if (Object.keys(ctx.subscriptions).length > config.limits.ws.maxOperations) {
        return refuse(
          `at most ${config.limits.ws.maxOperations} operations at once on one connection`,
          ErrorCode.RATE_LIMITED,
        );
      }
      // A notification of the disabling may have been missed (a LISTEN reconnecting): each operation checks again.
      const refusal = await services.access.refusal(conn.principal);
      if (refusal) {
        closeForbidden(ctx, 'agent disabled');
        return [new GraphQLError(refusal.message, { extensions: { code: refusal.code, reason: refusal.reason } })];
      }
      const checked = checkOperation(schema, config.limits, payload);
      if ('errors' in checked) return checked.errors;
      const contextValue: GraphQLContext = {
        principal: conn.principal,
        services,
        loaders: createLoaders(services, { cache: false }),
        limits,
      };
      return {
        schema,
        document: checked.document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue,
      };
    },
    // A socket with this much unsent (it stopped reading) is dropped rather than buffered without bound.
    onNext: (ctx, _id, _payload, _args, result) => {
      const socket = ctx.extra.socket;
      if (socket.bufferedAmount > config.limits.ws.maxBufferedBytes) socket.terminate();
      return result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined;
    },
    // Same error shapes over WebSocket as over HTTP: our codes, no internals.
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    onClose: (ctx) => {
      const conn = connections.get(ctx);
      if (conn?.expiryTimer) clearTimeout(conn.expiryTimer);
      forget(ctx, conn);
      if (conn?.principal.role === 'customer') deps.presence?.closed(conn.principal.sub);
      connections.delete(ctx);
      deps.onClosed(ctx);
    },
  };
}
