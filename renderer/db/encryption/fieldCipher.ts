/**
 * AES-256-GCM of single record fields with WebCrypto. An encrypted field is an object
 * `{ $sealed: 1, iv, kind, data }` with the cipher text as an ArrayBuffer (a Blob is encrypted from its
 * bytes and comes back as a Blob of the same type; measured faster than storing the cipher text as a
 * Blob, which costs a second trip through the browser's blob store on every read), and the
 * additional data binds it to its table, record and field: an encrypted value copied into another
 * record does not open. The marker key `$sealed` is the stored format written since the first
 * version; it keeps that name so existing profiles still open.
 */
export interface EncryptedField {
  $sealed: 1;
  iv: Uint8Array<ArrayBuffer>;
  /** `json`: the JSON text of the value; `blob`: the bytes of a Blob, whose type is kept in `type`. */
  kind: 'json' | 'blob';
  type?: string;
  data: ArrayBuffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** True for what `encryptField` produced (anything else is a value written before encryption was on). */
export function isEncryptedField(value: unknown): value is EncryptedField {
  return typeof value === 'object' && value !== null && (value as { $sealed?: unknown }).$sealed === 1 && (value as { iv?: unknown }).iv instanceof Uint8Array;
}

function additionalData(table: string, key: string, field: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`mot-cua-desk/v1/${table}/${key}/${field}`);
}

/** Encrypts one field value; `undefined` stays undefined (absence is not secret, and keeps Dexie's partial updates simple). */
export async function encryptField(key: CryptoKey, where: { table: string; key: string; field: string }, value: unknown): Promise<EncryptedField | undefined> {
  if (value === undefined) return undefined;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params = { name: 'AES-GCM', iv, additionalData: additionalData(where.table, where.key, where.field) };
  if (value instanceof Blob) {
    const cipher = await crypto.subtle.encrypt(params, key, await value.arrayBuffer());
    return { $sealed: 1, iv, kind: 'blob', type: value.type, data: cipher };
  }
  const cipher = await crypto.subtle.encrypt(params, key, encoder.encode(JSON.stringify(value)));
  return { $sealed: 1, iv, kind: 'json', data: cipher };
}

/** Opens an encrypted field; throws (GCM tag mismatch) when it was altered or moved to another record. */
export async function decryptField(key: CryptoKey, where: { table: string; key: string; field: string }, encrypted: EncryptedField): Promise<unknown> {
  const params = { name: 'AES-GCM', iv: encrypted.iv, additionalData: additionalData(where.table, where.key, where.field) };
  const plain = await crypto.subtle.decrypt(params, key, encrypted.data);
  if (encrypted.kind === 'blob') return new Blob([plain], encrypted.type ? { type: encrypted.type } : {});
  return JSON.parse(decoder.decode(plain)) as unknown;
}

/** Imports 32 raw bytes as a non-extractable AES-GCM key: once imported, script cannot read it back. */
export function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (raw.length !== 32) throw new RangeError('Khóa dữ liệu phải dài 32 byte.');
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}
