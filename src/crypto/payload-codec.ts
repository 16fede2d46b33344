import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { DataProtectionConfig } from '../config/data-protection';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';
import { open, seal } from './aead';
import { DataKeyStore, type SqlRunner } from './data-keys';
import { rememberWorkflowOwner, WorkflowOwners } from './workflow-owners';

const log = logger('codec');

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

/** Key ids in payload metadata: `c/<data key uuid>` (a customer's key) or `d/<id>` (one of the deployment's keys). */
const CUSTOMER_PREFIX = 'c/';
const DEPLOYMENT_PREFIX = 'd/';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** A payload this codec cannot open: its customer's key was destroyed, or it names a key nobody configured. */
export class UnreadablePayloadError extends Error {
  constructor(
    readonly keyId: string,
    reason: string,
  ) {
    super(`payload encrypted with key ${keyId} cannot be decrypted: ${reason}`);
    this.name = 'UnreadablePayloadError';
  }
}

export function isEncrypted(p: Payload): boolean {
  return text(p.metadata?.encoding) === ENCRYPTED_ENCODING;
}

/**
 * Encrypts every workflow and activity payload with AES-256-GCM: a conversation's with its customer's data key (so
 * shredding that key makes their histories unreadable), the rest with the deployment's current key. The key id
 * travels in each payload's metadata, so rotated keys still decrypt what they encrypted. Payloads without that
 * metadata (histories recorded before encryption, or by a process without the codec) pass through unchanged.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly keys: DataKeyStore;
  readonly owners: WorkflowOwners;

  constructor(
    sql: SqlRunner,
    private readonly config: Pick<DataProtectionConfig, 'keys' | 'currentKeyId' | 'cacheTtlMs' | 'cacheSize'>,
  ) {
    this.keys = new DataKeyStore(sql, config);
    this.owners = new WorkflowOwners(sql, config);
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (payloads.length === 0 || payloads.every(isEncrypted)) return payloads;
    const owner = await keyStore(() => this.owners.ownerOf(context?.workflowId));
    let keyId: string;
    let key: Buffer;
    if (owner) {
      const dataKey = await keyStore(() => this.keys.activeFor(owner));
      keyId = CUSTOMER_PREFIX + dataKey.id;
      key = dataKey.key;
    } else {
      keyId = DEPLOYMENT_PREFIX + this.config.currentKeyId;
      key = this.keys.wrappingKey(this.config.currentKeyId);
    }
    return payloads.map((p) => {
      if (isEncrypted(p)) return p;
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(keyId) },
        data: seal(key, plain, keyId),
      };
    });
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return Promise.all(payloads.map((p) => this.decodeOne(p, context)));
  }

  private async decodeOne(p: Payload, context?: SerializationContext): Promise<Payload> {
    if (!isEncrypted(p)) return p;
    const keyId = text(p.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = await this.keyFor(keyId, context?.workflowId);
    return temporal.api.common.v1.Payload.decode(open(key, p.data ?? new Uint8Array(), keyId));
  }

  private async keyFor(keyId: string, workflowId: string | undefined): Promise<Buffer> {
    if (keyId.startsWith(DEPLOYMENT_PREFIX)) {
      const key = this.config.keys.get(keyId.slice(DEPLOYMENT_PREFIX.length));
      if (!key) throw new UnreadablePayloadError(keyId, 'that deployment key is not in DATA_ENCRYPTION_KEYS');
      return key;
    }
    if (!keyId.startsWith(CUSTOMER_PREFIX)) throw new UnreadablePayloadError(keyId, 'unknown key id format');
    const found = await keyStore(() => this.keys.lookup(keyId.slice(CUSTOMER_PREFIX.length)));
    if (found === 'shredded') throw new UnreadablePayloadError(keyId, "the customer's data key was destroyed");
    if (found === 'unknown') throw new UnreadablePayloadError(keyId, 'no such data key');
    // A worker learns a new conversation's owner from its first payload, before the conversation row exists.
    if (workflowId) rememberWorkflowOwner(workflowId, found.customerId);
    return found.key;
  }
}

/**
 * The key store is PostgreSQL: when it does not answer, nothing was sent (or read), and the caller hears UNAVAILABLE
 * ("resend the same request"), as for any other outage on the way to Temporal.
 */
async function keyStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError || err instanceof UnreadablePayloadError) throw err;
    log.warn('data key store did not answer', { error: String(err) });
    throw new AppError(ErrorCode.UNAVAILABLE, 'the service did not answer in time; resend the same request');
  }
}

/**
 * TypeORM's DataSource or EntityManager (or anything with the same `query`) as the codec's SQL runner. TypeORM
 * answers UPDATE and DELETE as `[rows, affected]`: the rows are what we want.
 */
export function sqlOf(db: { query(sql: string, params?: unknown[]): Promise<unknown> }): SqlRunner {
  return {
    query: async (sql, params) => {
      const r = (await db.query(sql, params)) as unknown[];
      return (Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as Record<string, unknown>[];
    },
  };
}
