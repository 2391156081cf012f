import 'fake-indexeddb/auto';
import { DeskDatabase } from '../../../renderer/db/database';
import { createEncryptionMiddleware, PERSONAL_FIELDS } from '../../../renderer/db/encryption/encryptionMiddleware';
import { importDataKey } from '../../../renderer/db/encryption/fieldCipher';

/**
 * A desk database with personal fields encrypted, counting how often the data key is asked for: the
 * middleware asks for it to encrypt or decrypt a record, so an unchanged count means nothing was opened.
 * `pageKeyUses` counts the page table alone (its images and OCR text), so a test can tell a page
 * image being opened from an applicant's name being read.
 */
export async function countingEncryptedDatabase(prefix: string): Promise<{ db: DeskDatabase; keyUses: () => number; pageKeyUses: () => number }> {
  const db = new DeskDatabase(`${prefix}-${crypto.randomUUID()}`);
  const key = await importDataKey(new Uint8Array(32).fill(7));
  let uses = 0;
  let pageUses = 0;
  const { pages, ...others } = PERSONAL_FIELDS;
  db.use(
    createEncryptionMiddleware(others, async () => {
      uses += 1;
      return key;
    }),
  );
  db.use({
    ...createEncryptionMiddleware({ pages: pages ?? [] }, async () => {
      uses += 1;
      pageUses += 1;
      return key;
    }),
    name: 'page-encryption',
  });
  return { db, keyUses: () => uses, pageKeyUses: () => pageUses };
}
