import { Client } from 'pg';
import { logger } from '../logger';

const log = logger('pg-listen');

/**
 * One LISTEN connection on one channel, re-established a second after a drop, until stopped. Each API process opens
 * one per channel (events, typing); what a payload means is the owner's business.
 */
export class PgListener {
  private client: Client | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly opts: { databaseUrl: string; channel: string; applicationName: string },
    private readonly onPayload: (payload: string | undefined) => void,
  ) {}

  async start(): Promise<void> {
    const { databaseUrl, channel, applicationName } = this.opts;
    const client = new Client({ connectionString: databaseUrl, application_name: applicationName });
    client.on('notification', (n) => this.onPayload(n.payload));
    client.on('error', (err) => {
      log.warn('LISTEN connection lost; reconnecting', { channel, error: err.message });
      this.scheduleReconnect();
    });
    client.on('end', () => this.scheduleReconnect());
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.client = null;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((err) => {
        log.warn('LISTEN reconnect failed', { channel: this.opts.channel, error: String(err) });
        this.scheduleReconnect();
      });
    }, 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = null;
    // Stopping: a LISTEN connection that fails to end cleanly is gone either way.
    if (c)
      await c
        .end()
        .catch((err: unknown) =>
          log.warn('LISTEN connection did not end cleanly', { channel: this.opts.channel, error: String(err) }),
        );
  }
}
