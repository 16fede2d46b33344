import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, type Payload, type SerializationContext } from '@temporalio/common';
import { Pool } from 'pg';
import { loadConfig } from '../config';
import { testEnv } from '../../test/support/env';
import { EncryptionCodec, isEncrypted, KEY_ID_METADATA, UnreadablePayloadError } from './payload-codec';
import { rememberWorkflowOwner } from './workflow-owners';

/** The codec against this jest worker's PostgreSQL (its data keys live there), with the keys a deployment lists. */
const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
let pool: Pool;
const sql = { query: async (q: string, p?: unknown[]) => (await pool.query(q, p)).rows };
const codecWith = (keys: string, current?: string) =>
  new EncryptionCodec(
    sql,
    loadConfig({ DATA_ENCRYPTION_KEYS: keys, ...(current ? { DATA_ENCRYPTION_KEY_ID: current } : {}) }).dataProtection,
  );

beforeAll(() => {
  pool = new Pool({ connectionString: testEnv().databaseUrl, max: 2 });
});
afterAll(() => pool.end());

const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v);
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const keyIdOf = (p: Payload) => Buffer.from(p.metadata![KEY_ID_METADATA]!).toString();

/** A conversation workflow whose customer the codec knows (as the API tells it when it starts one). */
function conversationOf(customerId: string): SerializationContext {
  const workflowId = `conversation-${randomUUID()}`;
  rememberWorkflowOwner(workflowId, customerId);
  return { type: 'workflow', namespace: 'default', workflowId };
}

describe('the payload codec', () => {
  it("encrypts a conversation's payloads with its customer's data key, others with the deployment's key", async () => {
    const codec = codecWith(`k1:${key(1)}`);
    const secret = `my account number is ${randomUUID()}`;
    const customer = `cus-codec-${randomUUID().slice(0, 8)}`;
    const [owned] = await codec.encode([toPayload({ body: secret })], conversationOf(customer));
    const [shared] = await codec.encode([toPayload({ body: secret })], {
      type: 'workflow',
      namespace: 'default',
      workflowId: 'policy-rollout-7',
    });
    for (const p of [owned, shared]) {
      expect(isEncrypted(p)).toBe(true);
      expect(Buffer.from(p.data!).toString('latin1')).not.toContain(secret);
    }
    expect(keyIdOf(shared)).toBe('d/k1');
    const rows = await pool.query('SELECT id FROM customer_data_keys WHERE customer_id = $1', [customer]);
    expect(keyIdOf(owned)).toBe(`c/${rows.rows[0].id}`);
    // Another process (a fresh codec, nothing cached) reads both.
    const reader = codecWith(`k1:${key(1)}`);
    expect(fromPayload((await reader.decode([owned]))[0])).toEqual({ body: secret });
    expect(fromPayload((await reader.decode([shared]))[0])).toEqual({ body: secret });
  });

  it('still decrypts with a rotated-out key id, and encrypts with the new one', async () => {
    const customer = `cus-rotate-${randomUUID().slice(0, 8)}`;
    const before = codecWith(`old:${key(2)}`);
    const [oldShared] = await before.encode([toPayload('before rotation')]);
    const [oldOwned] = await before.encode([toPayload('customer words')], conversationOf(customer));
    const after = codecWith(`new:${key(3)},old:${key(2)}`, 'new');
    const [newShared] = await after.encode([toPayload('after rotation')]);
    expect(keyIdOf(oldShared)).toBe('d/old');
    expect(keyIdOf(newShared)).toBe('d/new');
    const decoded = await after.decode([oldShared, oldOwned, newShared]);
    expect(decoded.map(fromPayload)).toEqual(['before rotation', 'customer words', 'after rotation']);
    // A deployment that dropped the old key cannot: the key id says which key it would need.
    await expect(codecWith(`new:${key(3)}`).decode([oldShared])).rejects.toThrow(/d\/old cannot be decrypted/);
  });

  it('passes payloads without its metadata through unchanged (histories recorded before encryption)', async () => {
    const plain = toPayload({ body: 'recorded in plain text' });
    const [out] = await codecWith(`k1:${key(1)}`).decode([plain]);
    expect(out).toBe(plain);
  });

  it("makes a customer's payloads unreadable once their data key is shredded, and nobody else's", async () => {
    const codec = codecWith(`k1:${key(1)}`);
    const erased = `cus-shred-${randomUUID().slice(0, 8)}`;
    const kept = `cus-kept-${randomUUID().slice(0, 8)}`;
    const [theirs] = await codec.encode([toPayload('erase me')], conversationOf(erased));
    const [others] = await codec.encode([toPayload('keep me')], conversationOf(kept));
    expect(await codec.keys.shred(erased)).toBe(1);
    for (const reader of [codec, codecWith(`k1:${key(1)}`)]) {
      await expect(reader.decode([theirs])).rejects.toThrow(UnreadablePayloadError);
      await expect(reader.decode([theirs])).rejects.toThrow(/data key was destroyed/);
      expect(fromPayload((await reader.decode([others]))[0])).toBe('keep me');
    }
  });

  it('refuses a tampered payload (GCM authenticates the data and the key id)', async () => {
    const codec = codecWith(`k1:${key(1)}`);
    const [p] = await codec.encode([toPayload('intact')]);
    const data = Buffer.from(p.data!);
    data[20] ^= 1;
    await expect(codec.decode([{ ...p, data }])).rejects.toThrow();
  });
});
