import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { countDraftDossiers, dossierListRows } from '../../../renderer/db/queries/dossiers';
import { addPages, draftComponents, saveDossier, startDraftDossier, storeApplicantDraft } from '../../../renderer/operations/dossier/dossierDrafts';
import { storeScannedPage } from '../../../renderer/operations/scan/storeScannedPage';
import { createApplicantAutosave, type AutosaveState } from '../../../renderer/operations/dossier/createApplicantAutosave';
import { emptyApplicant, type ApplicantDraft } from '../../../renderer/operations/dossier/validateApplicant';
import { makePng } from '../../support/makePng';

async function desk() {
  const db = new DeskDatabase(`drafts-${crypto.randomUUID()}`);
  await db.procedures.bulkAdd(sampleProcedures());
  const procedure = (await db.procedures.toArray())[0]!;
  return { db, procedure };
}

describe('a draft is stored only once it holds something', () => {
  it('stores nothing for a chosen procedure, nor for empty fields, and stores the draft with its first field', async () => {
    const { db, procedure } = await desk();
    const drafts = [startDraftDossier(procedure, true), startDraftDossier(procedure, true), startDraftDossier(procedure, true)];
    // The checklist is on screen before anything is stored, with the ids it will be stored under.
    expect((await draftComponents(db, drafts[0]!.dossier.id)).map((c) => c.id)).toEqual(drafts[0]!.components.map((c) => c.id));
    expect(await storeApplicantDraft(db, drafts[1]!.dossier.id, { ...emptyApplicant, fullName: '   ' })).toBe(false);
    expect(await db.dossiers.count()).toBe(0);
    expect(await db.components.count()).toBe(0);

    const id = drafts[2]!.dossier.id;
    expect(await storeApplicantDraft(db, id, { ...emptyApplicant, fullName: 'Trần Thị Bình' })).toBe(true);
    expect(await db.dossiers.count()).toBe(1);
    expect((await db.components.where('dossierId').equals(id).toArray()).map((c) => c.id).sort()).toEqual(drafts[2]!.components.map((c) => c.id).sort());
    const stored = await db.dossiers.get(id);
    expect(stored).toMatchObject({ status: 'draft', procedureCode: procedure.code });
    expect(await db.applicants.get(stored!.applicantId!)).toMatchObject({ fullName: 'Trần Thị Bình', idNumber: '' });
    expect(await countDraftDossiers(db)).toBe(1);

    // The same value again writes nothing (a reopened draft is not "changed" by being shown).
    const before = stored!.updatedAt;
    expect(await storeApplicantDraft(db, id, { ...emptyApplicant, fullName: 'Trần Thị Bình' }, before + 5000)).toBe(false);
    expect((await db.dossiers.get(id))!.updatedAt).toBe(before);
    db.close();
  });

  it('stores a draft with its first imported or scanned page, and not a page for a dossier nobody started', async () => {
    const { db, procedure } = await desk();
    const imported = startDraftDossier(procedure, true);
    const component = imported.components[0]!;
    await addPages(db, imported.dossier.id, component.id, [{ blob: new Blob([new Uint8Array(makePng(20, 20))], { type: 'image/png' }), mime: 'image/png', width: 20, height: 20 }], 'file-import');
    expect(await db.dossiers.get(imported.dossier.id)).toMatchObject({ status: 'draft', pageCount: 1 });
    expect(await db.pages.where('componentId').equals(component.id).count()).toBe(1);

    const scanned = startDraftDossier(procedure, true);
    const page = { jobId: 'job-00000001', index: 1, mime: 'image/png' as const, data: makePng(20, 20), dpi: 200, colorMode: 'color' as const, deviceName: 'Máy quét mẫu' };
    expect(await storeScannedPage(db, { ...page, target: { dossierId: scanned.dossier.id, componentId: scanned.components[1]!.id } })).toBe(true);
    expect(await db.dossiers.get(scanned.dossier.id)).toMatchObject({ pageCount: 1 });
    expect(await storeScannedPage(db, { ...page, jobId: 'job-00000002', target: { dossierId: crypto.randomUUID() } })).toBe(false);
    expect(await db.dossiers.count()).toBe(2);
    db.close();
  });

  it('lists drafts marked by status, or leaves them out, and a saved draft is no draft any more', async () => {
    const { db, procedure } = await desk();
    const saved = startDraftDossier(procedure, true);
    const draft = startDraftDossier(procedure, true);
    await storeApplicantDraft(db, draft.dossier.id, { ...emptyApplicant, idNumber: '0010' });
    await saveDossier(db, saved.dossier.id, { ...emptyApplicant, idNumber: '001085123456', fullName: 'Nguyễn Văn An' });
    expect((await dossierListRows(db)).map((row) => [row.dossier.id, row.dossier.status]).sort()).toEqual(
      [
        [saved.dossier.id, 'saved'],
        [draft.dossier.id, 'draft'],
      ].sort(),
    );
    expect((await dossierListRows(db, 500, { drafts: false })).map((row) => row.dossier.id)).toEqual([saved.dossier.id]);
    expect(await countDraftDossiers(db)).toBe(1);
    // Its first save logs every field it holds, by name (what was stored while typing was not logged).
    const edits = await db.auditLog.where('action').equals('dossier-edited').toArray();
    expect(edits.map((entry) => entry.target)).toEqual([saved.dossier.id]);
    expect(JSON.parse(edits[0]!.detail!)).toEqual({ fields: ['idNumber', 'fullName', 'source'] });
    db.close();
  });
});

describe('storing the applicant as it is typed', () => {
  it('writes the latest value once per pause, and at once when flushed', async () => {
    const writes: Array<[string, ApplicantDraft]> = [];
    const states: AutosaveState[] = [];
    // A delay no test waits for: only flush() (blur, leaving, unload) writes here.
    const autosave = createApplicantAutosave(
      async (id, draft) => {
        writes.push([id, draft]);
      },
      (state) => states.push(state),
      3_600_000,
    );
    autosave.change('d1', { ...emptyApplicant, fullName: 'N' });
    autosave.change('d1', { ...emptyApplicant, fullName: 'Ng' });
    autosave.change('d1', { ...emptyApplicant, fullName: 'Ngô' });
    expect(writes).toEqual([]);
    await autosave.flush();
    expect(writes).toEqual([['d1', { ...emptyApplicant, fullName: 'Ngô' }]]);
    expect(states.at(-1)).toBe('stored');
    await autosave.flush();
    expect(writes).toHaveLength(1);
  });

  it('keeps a value whose write failed and stores it on the next flush', async () => {
    let fail = true;
    const writes: ApplicantDraft[] = [];
    const states: AutosaveState[] = [];
    const autosave = createApplicantAutosave(
      async (_id, draft) => {
        if (fail) throw new Error('QuotaExceededError');
        writes.push(draft);
      },
      (state) => states.push(state),
      3_600_000,
    );
    autosave.change('d1', { ...emptyApplicant, phone: '0912345678' });
    await autosave.flush();
    expect(states.at(-1)).toBe('failed');
    fail = false;
    await autosave.flush();
    expect(writes).toEqual([{ ...emptyApplicant, phone: '0912345678' }]);
    expect(states.at(-1)).toBe('stored');
  });

  it('stores after the pause without a flush', async () => {
    let resolve: (draft: ApplicantDraft) => void = () => {};
    const written = new Promise<ApplicantDraft>((r) => (resolve = r));
    const autosave = createApplicantAutosave(
      async (_id, draft) => resolve(draft),
      () => {},
      5,
    );
    autosave.change('d1', { ...emptyApplicant, email: 'an@example.vn' });
    expect(await written).toEqual({ ...emptyApplicant, email: 'an@example.vn' });
  });
});
