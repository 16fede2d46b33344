import type { DataSource } from 'typeorm';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';

const log = logger('presence');

/**
 * Which customers have a widget open: a customer's WebSocket (the widget holds one while it is on a page) counts.
 * Every API replica writes `last_seen_at = now()` for the customers it holds a socket for, when one opens or closes
 * and then every heartbeat, so the reply email (a worker activity) can tell whether a customer had a widget open
 * after an agent's reply. Nothing else is stored; the table is UNLOGGED.
 */
export class WidgetPresence {
  private readonly open = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly heartbeatMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.touch([...this.open.keys()]), this.heartbeatMs);
    this.timer.unref();
  }

  opened(customerId: string): void {
    this.open.set(customerId, (this.open.get(customerId) ?? 0) + 1);
    void this.touch([customerId]);
  }

  closed(customerId: string): void {
    const n = (this.open.get(customerId) ?? 1) - 1;
    if (n > 0) this.open.set(customerId, n);
    else this.open.delete(customerId);
    void this.touch([customerId]);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.touch([...this.open.keys()]);
  }

  private async touch(customerIds: string[]): Promise<void> {
    if (customerIds.length === 0) return;
    try {
      await this.ds.query(
        `INSERT INTO widget_presence (customer_id, last_seen_at) SELECT unnest($1::varchar[]), now()
         ON CONFLICT (customer_id) DO UPDATE SET last_seen_at = now()`,
        [customerIds],
      );
    } catch (err) {
      // A missed beat at worst sends an email to someone who was there; it never loses one.
      swallowedErrors.inc({ where: 'widget_presence' });
      log.warn('presence not written', { customers: customerIds.length, error: String(err) });
    }
  }
}

/** Often enough that a customer with a widget open is seen well within the reply-email delay. */
export function presenceHeartbeatMs(replyEmailAfterSeconds: number): number {
  return Math.max(1000, Math.min(15_000, (replyEmailAfterSeconds * 1000) / 4));
}
