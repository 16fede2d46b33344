import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM: a fresh 12-byte IV per message, the 16-byte tag after the ciphertext, the key id as associated data. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: Uint8Array, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Throws when the key is wrong or a byte was changed (GCM authenticates the whole message and the key id). */
export function open(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new Error('sealed message too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  const head = decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES));
  const tail = decipher.final();
  // In memory of its own, not a slice of Node's shared 8 KB buffer pool (where Buffer.concat puts anything under 4 KB):
  // what is read from it is kept as long as a workflow stays cached (a data key; the fields of a decoded payload in
  // the SDK's last activation of each run), and a slice keeps its whole slab alive, about 8 KB per cached
  // conversation (measured by bench/idle-memory.ts).
  const plain = Buffer.allocUnsafeSlow(head.length + tail.length);
  head.copy(plain);
  tail.copy(plain, head.length);
  return plain;
}
