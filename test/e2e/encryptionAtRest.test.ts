import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { makePng } from '../support/makePng';

const desk = useDesk();

/** Reads one record as IndexedDB holds it, without Dexie and without the app's middleware. */
function rawRecord({ store, index }: { store: string; index: number }): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('mot-cua-desk');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => {
        const record = request.result[index] as Record<string, unknown>;
        // Blobs and typed arrays do not cross evaluate(): describe them.
        const described = Object.fromEntries(
          Object.entries(record).map(([key, value]) => {
            if (value && typeof value === 'object' && '$sealed' in value) return [key, { encrypted: true, bytes: ((value as unknown as { data: ArrayBuffer }).data).byteLength }];
            if (value instanceof Blob) return [key, { blob: value.type }];
            return [key, value];
          }),
        );
        open.result.close();
        resolve(described);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

describe('personal data at rest in Chromium', () => {
  it('keeps applicant fields and page images encrypted in IndexedDB while the app shows them plain', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('1.014392.H38');
    await intake.fillApplicant({ idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male', phone: '0912345678' });
    await intake.save();
    await intake.addPages(0, [{ name: 'don.png', mimeType: 'image/png', buffer: makePng(240, 340, 1) }]);
    await expect.poll(() => page.getByTestId('component').first().locator('img').count()).toBe(1);

    const applicant = await page.evaluate(rawRecord, { store: 'applicants', index: 0 });
    expect(applicant).toMatchObject({ idNumber: { encrypted: true }, fullName: { encrypted: true }, birthDate: { encrypted: true }, phone: { encrypted: true }, gender: { encrypted: true }, source: 'manual' });
    expect(JSON.stringify(applicant)).not.toContain('Nguyễn');
    const stored = await page.evaluate(rawRecord, { store: 'pages', index: 0 });
    expect(stored).toMatchObject({ image: { encrypted: true }, mime: 'image/png' });
    // AES-GCM adds its 16-byte tag to the page's bytes.
    expect((stored.image as { bytes: number }).bytes).toBeGreaterThan(16);

    // The app reads them back: the list shows the applicant, the reload brings the form back.
    await intake.openList();
    await expect.poll(() => intake.rows().first().textContent()).toContain('Nguyễn Văn An (001085123456)');
    // The key is main's: kept in its secret store, encrypted by the host's cipher (a key file on this host).
    expect(existsSync(path.join(desk.host.dataDir, 'secrets.json'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
