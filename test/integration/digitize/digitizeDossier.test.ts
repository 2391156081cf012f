import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { sealDossier } from '../../../renderer/operations/dossier/sealDossier';
import { digitizeDossier, type DigitizeProgress, type DigitizeSteps } from '../../../renderer/operations/digitize/digitizeDossier';
import { packageDossierComponent } from '../../../renderer/operations/ocr/packageDossierComponent';
import { filesFingerprint } from '../../../preload/shared/domain/filesFingerprint';
import { makePng } from '../../support/makePng';

const font = new Uint8Array(readFileSync(path.resolve(__dirname, '..', '..', '..', 'assets', 'fonts', 'NotoSans-Regular.ttf')));

/** A sealed dossier of 1.014392.H38 with real PNG pages on its first two components. */
async function sealedDossier(db: DeskDatabase, training = true): Promise<string> {
  await db.procedures.bulkAdd(sampleProcedures());
  const procedure = (await db.procedures.get('1.014392.H38'))!;
  const dossierId = crypto.randomUUID();
  await db.applicants.add({ id: 'a1', idNumber: '001085123456', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: 0, updatedAt: 0 });
  await db.dossiers.add({ id: dossierId, procedureCode: procedure.code, applicantId: 'a1', status: 'saved', training, createdAt: 0, updatedAt: 0, pageCount: 3 });
  const components = procedure.components.map((component, order) => ({ id: `c${order}`, dossierId, componentId: component.id, name: component.name, form: component.form, required: component.required, order }));
  await db.components.bulkAdd(components);
  await db.pages.bulkAdd(
    [0, 0, 1].map((index, order) => ({ id: `p${order}`, dossierId, componentId: components[index]!.id, order, image: new Blob([new Uint8Array(makePng(200, 280, order + 1))]), mime: 'image/png', dpi: 200, rotation: 0 as const, source: 'test', createdAt: 0 })),
  );
  await sealDossier(db, dossierId, { now: new Date('2026-03-02T02:30:00Z') });
  return dossierId;
}

// OCR is exercised in Chromium (test/e2e/digitize.test.ts); here the pages count as already read.
const noOcr: DigitizeSteps['ocr'] = async (_id, onProgress) => {
  onProgress(0, 0);
  return { recognised: 0, failed: [] };
};

const fakeReceipt: DigitizeSteps['renderReceipt'] = async () => new TextEncoder().encode('%PDF-1.7 receipt');

describe('digitizing a sealed dossier', () => {
  it('packages one PDF per component with pages, then stores the fingerprint of those files last', async () => {
    const db = new DeskDatabase(`digitize-${crypto.randomUUID()}`);
    const dossierId = await sealedDossier(db);
    const progress: DigitizeProgress[] = [];
    const rendered: Array<[string, string]> = [];
    const renderReceipt: DigitizeSteps['renderReceipt'] = async (id, fingerprint) => {
      rendered.push([id, fingerprint]);
      return new TextEncoder().encode(`%PDF-1.7 receipt sealed ${fingerprint}`);
    };
    const code = (await db.dossiers.get(dossierId))!.code!;
    // The receipt handed out at sealing, before the seal existed.
    await db.files.add({ id: 'r0', dossierId, name: `giay-tiep-nhan-${code}.pdf`, mime: 'application/pdf', data: new Blob(['%PDF-1.7 unsealed']), sha256: '0'.repeat(64), createdAt: 0 });
    const result = await digitizeDossier(db, dossierId, { ocr: noOcr, packageComponent: (id) => packageDossierComponent(db, id, font), renderReceipt }, (step) => progress.push(step));
    const files = (await db.files.where('dossierId').equals(dossierId).toArray()).filter((file) => file.componentId);
    expect(files.map((file) => file.componentId).sort()).toEqual(['c0', 'c1']);
    expect(result.files.map((file) => file.pageCount)).toEqual([2, 1]);
    expect(result.fingerprint).toBe(await filesFingerprint(files.map((file) => ({ name: file.name, sha256: file.sha256 }))));
    const dossier = await db.dossiers.get(dossierId);
    expect(dossier).toMatchObject({ filesFingerprint: result.fingerprint });
    expect(dossier?.digitizedAt).toBeGreaterThan(0);
    expect(progress.filter((step) => step.phase === 'package').map((step) => step.done)).toEqual([0, 1, 2]);
    // The receipt carrying the fingerprint replaced the earlier one in the same step.
    expect(rendered).toEqual([[dossierId, result.fingerprint]]);
    const receipts = await db.files.where('dossierId').equals(dossierId).filter((file) => file.name === `giay-tiep-nhan-${code}.pdf`).toArray();
    expect(receipts).toHaveLength(1);
    expect(await receipts[0]!.data.text()).toBe(`%PDF-1.7 receipt sealed ${result.fingerprint}`);
    expect((await db.auditLog.orderBy('seq').last())?.action).toBe('dossier-digitized');
    // Training dossiers never reach the outbox.
    expect(await db.outbox.count()).toBe(0);
  });

  it('queues a real dossier for delivery in the same step that marks it digitized, with every file and its SHA-256', async () => {
    const db = new DeskDatabase(`digitize-${crypto.randomUUID()}`);
    const dossierId = await sealedDossier(db, false);
    await digitizeDossier(db, dossierId, { ocr: noOcr, packageComponent: (id) => packageDossierComponent(db, id, font), renderReceipt: fakeReceipt });
    const files = await db.files.where('dossierId').equals(dossierId).toArray();
    const item = await db.outbox.get(dossierId);
    expect(item).toMatchObject({ state: 'queued', kind: 'dossier-delivery', declared: false });
    expect(item!.files!.map((file) => file.sha256).sort()).toEqual(files.filter((file) => file.componentId).map((file) => file.sha256).sort());
    expect(item!.metadata).toMatchObject({ code: (await db.dossiers.get(dossierId))!.code, procedureCode: '1.014392.H38', applicant: { idNumber: '001085123456' } });
  });

  it('leaves the dossier waiting when packaging fails, keeping the files already made, and completes on retry', async () => {
    const db = new DeskDatabase(`digitize-${crypto.randomUUID()}`);
    const dossierId = await sealedDossier(db);
    await db.pages.update('p2', { image: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])]) });
    const steps: DigitizeSteps = { ocr: noOcr, packageComponent: (id) => packageDossierComponent(db, id, font), renderReceipt: fakeReceipt };
    await expect(digitizeDossier(db, dossierId, steps)).rejects.toThrow();
    expect((await db.dossiers.get(dossierId))?.digitizedAt).toBeUndefined();
    expect((await db.files.where('componentId').equals('c0').count())).toBe(1);

    await db.pages.update('p2', { image: new Blob([new Uint8Array(makePng(200, 280, 9))]) });
    const result = await digitizeDossier(db, dossierId, steps);
    expect(result.files).toHaveLength(2);
    expect((await db.dossiers.get(dossierId))?.digitizedAt).toBeGreaterThan(0);
  });

  it('refuses a dossier that is not sealed', async () => {
    const db = new DeskDatabase(`digitize-${crypto.randomUUID()}`);
    await db.dossiers.add({ id: 'd0', procedureCode: 'x', status: 'saved', training: true, createdAt: 0, updatedAt: 0, pageCount: 0 });
    await expect(digitizeDossier(db, 'd0', { ocr: noOcr, packageComponent: () => Promise.reject(new Error('x')), renderReceipt: fakeReceipt })).rejects.toThrow('chưa được tiếp nhận');
  });
});
