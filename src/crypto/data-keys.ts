import { randomBytes, randomUUID } from 'node:crypto';
import type { DataProtectionConfig } from '../config/data-protection';
import { open, seal } from './aead';
import { TtlCache } from './ttl-cache';

/** Runs one SQL statement and answers its rows: TypeORM's DataSource.query, or a pg pool behind a small adapter. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export interface DataKey {
  id: string;
  customerId: string;
  key: Buffer;
}

/** What a key id answers: the key, or that it was destroyed (an erased customer), or that nobody knows it. */
export type DataKeyLookup = DataKey | 'shredded' | 'unknown';

interface KeyRow {
  id: string;
  customer_id: string;
  wrapping_key_id: string;
  wrapped_key: Buffer | null;
}

/**
 * Envelope encryption: one random data key per customer, stored in PostgreSQL (`customer_data_keys`) only wrapped by
 * the deployment's key (AES-GCM, the row's id and customer as associated data). Destroying the wrapped key (shred)
 * makes everything encrypted under it unreadable. Unwrapped keys stay in memory briefly (DATA_KEY_CACHE_SECONDS,
 * bounded by DATA_KEY_CACHE_SIZE): a shredded key may still decrypt in another process for at most that long.
 */
export class DataKeyStore {
  private readonly active: TtlCache<string, DataKey>;
  private readonly byId: TtlCache<string, DataKeyLookup>;

  constructor(
    private readonly sql: SqlRunner,
    private readonly config: Pick<DataProtectionConfig, 'keys' | 'currentKeyId' | 'cacheTtlMs' | 'cacheSize'>,
  ) {
    this.active = new TtlCache(config.cacheTtlMs, config.cacheSize);
    this.byId = new TtlCache(config.cacheTtlMs, config.cacheSize);
  }

  /** The customer's current data key, created (once, whoever asks first) on their first payload. */
  async activeFor(customerId: string): Promise<DataKey> {
    return this.active.getOrLoad(customerId, async () => {
      const found = await this.activeRow(customerId);
      if (found) return this.unwrap(found);
      const id = randomUUID();
      const key = randomBytes(32);
      const wrapped = seal(this.wrappingKey(this.config.currentKeyId), key, wrapAad(id, customerId));
      await this.sql.query(
        `INSERT INTO customer_data_keys (id, customer_id, wrapping_key_id, wrapped_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id) WHERE shredded_at IS NULL DO NOTHING`,
        [id, customerId, this.config.currentKeyId, wrapped],
      );
      const row = await this.activeRow(customerId);
      if (!row) throw new Error(`data key of customer ${customerId} could not be created`);
      return this.unwrap(row);
    });
  }

  async lookup(id: string): Promise<DataKeyLookup> {
    return this.byId.getOrLoad(
      id,
      async () => {
        if (!UUID.test(id)) return 'unknown';
        const rows = (await this.sql.query(
          'SELECT id, customer_id, wrapping_key_id, wrapped_key FROM customer_data_keys WHERE id = $1',
          [id],
        )) as unknown as KeyRow[];
        if (!rows[0]) return 'unknown';
        if (!rows[0].wrapped_key) return 'shredded';
        return this.unwrap(rows[0]);
      },
      (v) => v !== 'unknown',
    );
  }

  /** Crypto-shredding: every data key of the customer is destroyed; answers how many. */
  async shred(customerId: string, sql: SqlRunner = this.sql): Promise<number> {
    const rows = await sql.query(
      `UPDATE customer_data_keys SET wrapped_key = NULL, shredded_at = now()
       WHERE customer_id = $1 AND wrapped_key IS NOT NULL RETURNING id`,
      [customerId],
    );
    this.forget(customerId);
    return rows.length;
  }

  /** Drops the customer's keys from this process's memory (after a shred here or elsewhere). */
  forget(customerId: string): void {
    this.active.delete(customerId);
    this.byId.deleteWhere((v) => typeof v === 'object' && v.customerId === customerId);
  }

  /** The deployment's key of this id (the current one encrypts; older ones still decrypt). */
  wrappingKey(id: string): Buffer {
    const key = this.config.keys.get(id);
    if (!key) throw new Error(`deployment data key "${id}" is not configured (DATA_ENCRYPTION_KEYS)`);
    return key;
  }

  private async activeRow(customerId: string): Promise<KeyRow | undefined> {
    const rows = await this.sql.query(
      `SELECT id, customer_id, wrapping_key_id, wrapped_key FROM customer_data_keys
       WHERE customer_id = $1 AND shredded_at IS NULL`,
      [customerId],
    );
    return rows[0] as unknown as KeyRow | undefined;
  }

  private unwrap(row: KeyRow): DataKey {
    const key = open(this.wrappingKey(row.wrapping_key_id), row.wrapped_key!, wrapAad(row.id, row.customer_id));
    return { id: row.id, customerId: row.customer_id, key };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const wrapAad = (id: string, customerId: string) => `data-key:${id}:${customerId}`;
