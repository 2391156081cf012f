import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeskDatabase } from '../../../renderer/db/database';
import { createEncryptionMiddleware, PERSONAL_FIELDS } from '../../../renderer/db/encryption/encryptionMiddleware';
import { importDataKey, isEncryptedField, decryptField, encryptField } from '../../../renderer/db/encryption/fieldCipher';
import type { Applicant, Page } from '../../../renderer/db/types';
import { createFirstAdmin, signIn } from '../../../renderer/operations/auth/accounts';
import { hashPassword } from '../../../preload/shared/domain/auth/passwordHash';

async function newKey(): Promise<CryptoKey> {
  return importDataKey(crypto.getRandomValues(new Uint8Array(32)));
}

async function encryptedDesk(key: CryptoKey, name = `enc-${crypto.randomUUID()}`) {
  const db = new DeskDatabase(name);
  db.use(createEncryptionMiddleware(PERSONAL_FIELDS, () => Promise.resolve(key)));
  const raw = new DeskDatabase(name);
  return { db, raw, name };
}

const applicant: Applicant = {
  id: 'a1',
  idNumber: '001085123456',
  fullName: 'Nguyễn Văn An',
  birthDate: '1985-03-12',
  gender: 'male',
  address: 'Số 1 Tràng Tiền, Hà Nội',
  phone: '0912345678',
  source: 'manual',
  createdAt: 1,
  updatedAt: 1,
};

function page(id: string, order: number, bytes: Uint8Array<ArrayBuffer>): Page {
  return { id, dossierId: 'd1', componentId: 'c1', order, image: new Blob([bytes], { type: 'image/png' }), mime: 'image/png', rotation: 0, source: 'test', ocrText: `Trang ${order} của Nguyễn Văn An`, createdAt: 1 };
}

describe('AES-GCM field encryption', () => {
  it('round-trips JSON values and Blobs, and refuses a value moved to another record or altered', async () => {
    const key = await newKey();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const encrypted = await encryptField(key, { table: 't', key: 'k', field: 'f' }, value);
        expect(isEncryptedField(encrypted)).toBe(true);
        expect(await decryptField(key, { table: 't', key: 'k', field: 'f' }, encrypted!)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 50 },
    );
    const bytes = crypto.getRandomValues(new Uint8Array(5000));
    const encrypted = (await encryptField(key, { table: 'pages', key: 'p1', field: 'image' }, new Blob([bytes], { type: 'image/jpeg' })))!;
    const opened = (await decryptField(key, { table: 'pages', key: 'p1', field: 'image' }, encrypted)) as Blob;
    expect(opened.type).toBe('image/jpeg');
    expect(new Uint8Array(await opened.arrayBuffer())).toEqual(bytes);
    await expect(decryptField(key, { table: 'pages', key: 'p2', field: 'image' }, encrypted)).rejects.toThrow();
    const flipped = new Uint8Array(encrypted.data.slice(0));
    flipped[10]! ^= 1;
    await expect(decryptField(key, { table: 'pages', key: 'p1', field: 'image' }, { ...encrypted, data: flipped.buffer })).rejects.toThrow();
    await expect(decryptField(await newKey(), { table: 'pages', key: 'p1', field: 'image' }, encrypted)).rejects.toThrow();
    expect(await encryptField(key, { table: 't', key: 'k', field: 'f' }, undefined)).toBeUndefined();
  });
});

describe('personal data encrypted at rest in IndexedDB (Dexie DBCore middleware)', () => {
  it('stores applicants, page images and OCR text encrypted; reads them back plain through every read path', async () => {
    const { db, raw } = await encryptedDesk(await newKey());
    const bytes = crypto.getRandomValues(new Uint8Array(2048));
    await db.applicants.add(applicant);
    await db.pages.bulkAdd([page('p1', 1, bytes), page('p2', 2, bytes)]);

    const stored = (await raw.applicants.get('a1')) as unknown as Record<string, unknown>;
    for (const field of ['idNumber', 'fullName', 'birthDate', 'address', 'phone']) expect(isEncryptedField(stored[field])).toBe(true);
    expect(stored.source).toBe('manual');
    expect(JSON.stringify(stored)).not.toContain('Nguyễn');
    const storedPage = (await raw.pages.get('p1')) as unknown as Record<string, unknown>;
    expect(isEncryptedField(storedPage.image) && isEncryptedField(storedPage.ocrText)).toBe(true);
    expect(storedPage.dossierId).toBe('d1');

    expect(await db.applicants.get('a1')).toEqual(applicant);
    const pages = await db.pages.where('dossierId').equals('d1').sortBy('order');
    expect(pages.map((p) => p.ocrText)).toEqual(['Trang 1 của Nguyễn Văn An', 'Trang 2 của Nguyễn Văn An']);
    expect(new Uint8Array(await pages[0]!.image.arrayBuffer())).toEqual(bytes);
    expect((await db.pages.bulkGet(['p2', 'nope'])).map((p) => p?.order)).toEqual([2, undefined]);
    // Cursor paths (filter, each) and the last() of a compound index.
    expect((await db.pages.filter((p) => p.ocrText?.includes('Trang 2') ?? false).toArray()).map((p) => p.id)).toEqual(['p2']);
    const seen: string[] = [];
    await db.pages.each((p) => void seen.push(p.ocrText ?? ''));
    expect(seen).toHaveLength(2);
    expect((await db.pages.where('[dossierId+order]').between(['d1', -Infinity], ['d1', Infinity]).last())?.ocrText).toBe('Trang 2 của Nguyễn Văn An');
  });

  it('keeps a transaction usable across encrypted reads and writes (update, modify, several steps)', async () => {
    const { db, raw } = await encryptedDesk(await newKey());
    await db.pages.add(page('p1', 1, new Uint8Array([1, 2, 3])));
    await db.transaction('rw', db.pages, db.dossiers, db.applicants, async () => {
      const first = await db.pages.get('p1');
      await db.pages.update('p1', { ocrText: `${first!.ocrText} (đã sửa)` });
      await db.applicants.put(applicant);
      const again = await db.pages.get('p1');
      await db.dossiers.add({ id: 'd1', procedureCode: 'x', status: 'saved', training: true, createdAt: 0, updatedAt: 0, pageCount: again ? 1 : 0 });
      await db.pages.where('dossierId').equals('d1').modify({ rotation: 90 });
    });
    const stored = (await raw.pages.get('p1')) as unknown as Record<string, unknown>;
    expect(isEncryptedField(stored.ocrText)).toBe(true);
    expect(await db.pages.get('p1')).toMatchObject({ ocrText: 'Trang 1 của Nguyễn Văn An (đã sửa)', rotation: 90 });
    expect(await db.dossiers.get('d1')).toMatchObject({ pageCount: 1 });
  });

  it('reads records written before encryption was on, encrypts them when next written, and fails loudly on a wrong key', async () => {
    const key = await newKey();
    const { db, raw, name } = await encryptedDesk(key);
    await raw.applicants.add(applicant);
    expect(await db.applicants.get('a1')).toEqual(applicant);
    await db.applicants.update('a1', { phone: '0987654321' });
    expect(isEncryptedField(((await raw.applicants.get('a1')) as unknown as Record<string, unknown>).fullName)).toBe(true);
    const other = new DeskDatabase(name);
    other.use(createEncryptionMiddleware(PERSONAL_FIELDS, newKey));
    await expect(other.applicants.get('a1')).rejects.toThrow();
  });
});

describe('password hashes only count when encrypted', () => {
  it('signs in a user the app created, and ignores a hash planted in the profile without the key', async () => {
    const { db, raw } = await encryptedDesk(await newKey());
    const admin = await createFirstAdmin(db, { username: 'quantri', displayName: 'Quản trị', password: 'Quan-tri-2026-bi-mat' });
    expect(isEncryptedField(((await raw.users.get(admin.id)) as unknown as Record<string, unknown>).passwordHash)).toBe(true);
    expect(await signIn(db, 'quantri', 'Quan-tri-2026-bi-mat')).toMatchObject({ ok: true });
    // Someone with the disk but not the OS login adds an administrator with a hash of their own.
    await raw.users.add({ id: 'planted', username: 'ke-gian', displayName: 'X', role: 'admin', createdAt: 0, passwordHash: await hashPassword('mat-khau-cua-ke-gian') });
    expect(await signIn(db, 'ke-gian', 'mat-khau-cua-ke-gian')).toMatchObject({ ok: false, reason: 'wrong' });
    expect((await db.users.get('planted'))?.passwordHash).toBeUndefined();
  });
});
