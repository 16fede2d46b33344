import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { EncryptionCodec } from '../src/crypto/payload-codec';
import { BENCH_DATA_KEYS } from './system';

/**
 * The payload codec the bench's worker and API run with (the same deployment key, the same key store): for the raw
 * baseline, which must pay what ours pays to encrypt, and for the bench's own Temporal clients, which read our
 * conversations' encrypted payloads.
 */
export function benchCodec(databaseUrl: string): { codec: EncryptionCodec; close: () => Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'support-bench-codec' });
  const codec = new EncryptionCodec(
    { query: async (q, p) => (await pool.query(q, p)).rows },
    loadConfig({ DATA_ENCRYPTION_KEYS: BENCH_DATA_KEYS }).dataProtection,
  );
  return { codec, close: () => pool.end() };
}
