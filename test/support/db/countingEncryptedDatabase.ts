import 'fake-indexeddb/auto';
import { DeskDatabase } from '../../../renderer/db/database';
import { createEncryptionMiddleware, PERSONAL_FIELDS } from '../../../renderer/db/encryption/encryptionMiddleware';
import { importDataKey } from '../../../renderer/db/encryption/fieldCipher';

/**
 * A desk database with personal fields encrypted, counting how often the data key is asked for: the
 * middleware asks for it to encrypt or decrypt a record, so an unchanged count means nothing was opened.
 */
export async function countingEncryptedDatabase(prefix: string): Promise<{ db: DeskDatabase; keyUses: () => number }> {
  const db = new DeskDatabase(`${prefix}-${crypto.randomUUID()}`);
  const key = await importDataKey(new Uint8Array(32).fill(7));
  let uses = 0;
  db.use(
    createEncryptionMiddleware(PERSONAL_FIELDS, async () => {
      uses += 1;
      return key;
    }),
  );
  return { db, keyUses: () => uses };
}
