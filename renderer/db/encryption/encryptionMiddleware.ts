import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { isEncryptedField, decryptField, encryptField } from './fieldCipher';

/** Which fields of which tables hold personal data and are encrypted at rest. */
export type EncryptedFields = Readonly<Record<string, readonly string[]>>;

/**
 * Personal data of the desk: the applicant's identity and contact details, every page image and its
 * OCR text and word boxes, every encrypted PDF, and the declaration frozen in the outbox (it names the
 * applicant). Dossier metadata (codes, dates, states) stays in clear
 * so the lists and dashboards can index it. `idNumber` and `fullName` are encrypted too, so their
 * indexes hold only records written before encryption was on (nothing queries them).
 */
export const PERSONAL_FIELDS: EncryptedFields = {
  applicants: ['idNumber', 'fullName', 'birthDate', 'gender', 'address', 'phone', 'email', 'documentType'],
  pages: ['image', 'ocrText', 'ocr'],
  files: ['data'],
  users: ['passwordHash'],
  outbox: ['metadata'],
};

/**
 * Fields that are only believed when encrypted: a plain value there was not written by this app (it
 * was planted in the profile from outside, without the key) and reads as absent. A password hash
 * added to the users table on a stolen disk therefore signs nobody in.
 */
export const STRICT_FIELDS: EncryptedFields = {
  users: ['passwordHash'],
};

/**
 * Keeps an IndexedDB transaction alive while non-IndexedDB work (WebCrypto) runs, and settles the
 * returned promise from inside a request callback, where the transaction is active again, so the
 * caller can go on using it. This is what `Dexie.waitFor` does, at the DBCore level.
 */
function whileAlive<T>(trans: DBCoreTransaction, work: Promise<T>): Promise<T> {
  const idb = trans as unknown as IDBTransaction;
  return new Promise<T>((resolve, reject) => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    work.then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    let store: IDBObjectStore;
    try {
      store = idb.objectStore(idb.objectStoreNames[0]!);
    } catch {
      // Not an IndexedDB transaction we can hold open (already finished): wait plainly.
      work.then(resolve, reject);
      return;
    }
    const spin = () => {
      if (outcome) {
        if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
        return;
      }
      try {
        const request = store.get(-Infinity);
        request.onsuccess = spin;
        request.onerror = () => reject(request.error ?? new Error('IndexedDB keep-alive failed'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    spin();
  });
}

function primaryKeyOf(value: Record<string, unknown>, keyPath: string | string[] | null, key: unknown): string {
  const k = key ?? (typeof keyPath === 'string' ? value[keyPath] : undefined);
  if (typeof k !== 'string' && typeof k !== 'number') throw new Error('Bản ghi mã hóa cần khóa chính dạng chuỗi hoặc số.');
  return String(k);
}

/**
 * A DBCore middleware that encrypts the named fields on every write and opens them on every read, in
 * the UI thread and in every worker that opens the database through `getDatabase()`. Callers see
 * plain records; IndexedDB only ever holds the encrypted form. Records written before encryption was
 * switched on are read as they are and encrypted when next written.
 */
export function createEncryptionMiddleware(fields: EncryptedFields, dataKey: () => Promise<CryptoKey>, strict: EncryptedFields = STRICT_FIELDS): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'personal-data-encryption',
    // Below Dexie's own middlewares (hooks, cache, live queries), right above IndexedDB.
    level: 0,
    create(down: DBCore): Partial<DBCore> {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const table = down.table(name);
          const encrypted = fields[name];
          if (!encrypted) return table;
          const strictFields = strict[name] ?? [];
          const keyPath = table.schema.primaryKey.keyPath ?? null;

          const encrypt = async (value: unknown, key?: unknown): Promise<unknown> => {
            if (typeof value !== 'object' || value === null) return value;
            const record = value as Record<string, unknown>;
            const cryptoKey = await dataKey();
            const id = primaryKeyOf(record, keyPath, key);
            const out: Record<string, unknown> = { ...record };
            await Promise.all(
              encrypted.map(async (field) => {
                if (record[field] === undefined || isEncryptedField(record[field])) return;
                out[field] = await encryptField(cryptoKey, { table: name, key: id, field }, record[field]);
              }),
            );
            return out;
          };
          const open = async (value: unknown, key?: unknown): Promise<unknown> => {
            if (typeof value !== 'object' || value === null) return value;
            let record = value as Record<string, unknown>;
            const planted = strictFields.filter((field) => record[field] !== undefined && !isEncryptedField(record[field]));
            if (planted.length > 0) {
              record = { ...record };
              for (const field of planted) delete record[field];
            }
            if (!encrypted.some((field) => isEncryptedField(record[field]))) return record;
            const cryptoKey = await dataKey();
            const id = primaryKeyOf(record, keyPath, key);
            const out: Record<string, unknown> = { ...record };
            await Promise.all(
              encrypted.map(async (field) => {
                const stored = record[field];
                if (isEncryptedField(stored)) out[field] = await decryptField(cryptoKey, { table: name, key: id, field }, stored);
              }),
            );
            return out;
          };
          const openAll = (values: unknown[]): Promise<unknown[]> => Promise.all(values.map((value) => open(value)));

          const wrapCursor = (cursor: DBCoreCursor): DBCoreCursor => {
            let current: unknown;
            return {
              get trans() {
                return cursor.trans;
              },
              get key() {
                return cursor.key as unknown;
              },
              get primaryKey() {
                return cursor.primaryKey as unknown;
              },
              get value() {
                return current;
              },
              get done() {
                return cursor.done;
              },
              continue: (key?: unknown) => cursor.continue(key),
              continuePrimaryKey: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey),
              advance: (count: number) => cursor.advance(count),
              stop: (value?: unknown) => cursor.stop(value),
              fail: (error: Error) => cursor.fail(error),
              next: () => cursor.next().then(wrapCursor),
              start: (onNext: () => void) =>
                cursor.start(() => {
                  whileAlive(cursor.trans, open(cursor.value, cursor.primaryKey)).then(
                    (value) => {
                      current = value;
                      onNext();
                    },
                    (error: unknown) => cursor.fail(error instanceof Error ? error : new Error(String(error))),
                  );
                }),
            };
          };

          return {
            ...table,
            mutate(req) {
              if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
              const keys = req.keys;
              const work = Promise.all(req.values.map((value, i) => encrypt(value, keys?.[i])));
              return whileAlive(req.trans, work).then((values) => table.mutate({ ...req, values }));
            },
            get(req) {
              return table.get(req).then((value) => whileAlive(req.trans, open(value, req.key)));
            },
            getMany(req) {
              return table.getMany(req).then((values) => whileAlive(req.trans, Promise.all(values.map((value, i) => open(value, req.keys[i])))));
            },
            query(req) {
              if (!req.values) return table.query(req);
              return table.query(req).then((response) => whileAlive(req.trans, openAll(response.result)).then((result) => ({ ...response, result })));
            },
            openCursor(req) {
              if (req.values === false) return table.openCursor(req);
              return table.openCursor(req).then((cursor) => (cursor ? wrapCursor(cursor) : cursor));
            },
          };
        },
      };
    },
  };
}
