import { PgListener } from './pg-listener';

/**
 * An admin disabled an agent: every API replica hears it on this channel and ends that agent's open WebSockets (and
 * with them its subscriptions). The payload is the agent id. A notification lost while a replica reconnects its
 * LISTEN costs little: every new connection and every operation on an open one checks the database again.
 */
export const AGENT_ACCESS_CHANNEL = 'support_agent_access';

/** One LISTEN connection per API process; `onDisabled` handlers run for every agent disabled anywhere. */
export class AgentAccessBus {
  private readonly listener: PgListener;
  private readonly handlers = new Set<(agentId: string) => void>();

  constructor(databaseUrl: string) {
    this.listener = new PgListener(
      { databaseUrl, channel: AGENT_ACCESS_CHANNEL, applicationName: 'support-api-agent-access' },
      (payload) => {
        if (!payload) return;
        for (const h of this.handlers) h(payload);
      },
    );
  }

  onDisabled(handler: (agentId: string) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
