import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { createDraftDossier, draftFromApplicant, saveDossier } from '../../../renderer/operations/dossier/dossierDrafts';
import { applicantFromChip, editApplicant } from '../../../renderer/features/intake/applicantFromCard';
import { emptyApplicant, validateApplicant } from '../../../renderer/operations/dossier/validateApplicant';
import { verifiedChipRead } from '../../support/card/verifiedChipRead';

const chip = verifiedChipRead();

describe('saving an applicant read from the card', () => {
  it('stores the source and the verification with the applicant, and loads them back', async () => {
    const db = new DeskDatabase(`card-${crypto.randomUUID()}`);
    await db.procedures.bulkAdd(sampleProcedures());
    const procedure = (await db.procedures.toArray())[0]!;
    const dossierId = await createDraftDossier(db, procedure, true);
    await saveDossier(db, dossierId, applicantFromChip(chip, emptyApplicant));
    const dossier = await db.dossiers.get(dossierId);
    const stored = await db.applicants.get(dossier!.applicantId!);
    expect(stored).toMatchObject({ source: 'chip', chipAuthentication: 'verified', idNumber: '001090012345' });
    expect(draftFromApplicant(stored)).toMatchObject({ source: 'chip', chipAuthentication: 'verified' });
    await saveDossier(db, dossierId, editApplicant(draftFromApplicant(stored), 'fullName', 'Nguyễn Văn Anh'));
    expect(await db.applicants.get(dossier!.applicantId!)).toMatchObject({ source: 'manual', fullName: 'Nguyễn Văn Anh' });
    expect((await db.applicants.get(dossier!.applicantId!))?.chipAuthentication).toBeUndefined();
    db.close();
  });

  it('stores a passport holder with the document type and loads it back, so the CCCD rules stay off', async () => {
    const db = new DeskDatabase(`card-${crypto.randomUUID()}`);
    await db.procedures.bulkAdd(sampleProcedures());
    const procedure = (await db.procedures.toArray())[0]!;
    const dossierId = await createDraftDossier(db, procedure, true);
    const passport = { ...chip, documentNumber: 'CZ6311T4', citizen: { documentType: 'passport' as const, idNumber: 'CZ6311T4', fullName: 'MUELLER ANNA MARIA', birthDate: '1985-02-14', gender: 'female' as const } };
    await saveDossier(db, dossierId, applicantFromChip(passport, emptyApplicant));
    const stored = await db.applicants.get((await db.dossiers.get(dossierId))!.applicantId!);
    expect(stored).toMatchObject({ documentType: 'passport', idNumber: 'CZ6311T4', source: 'chip' });
    const resumed = draftFromApplicant(stored);
    expect(resumed.documentType).toBe('passport');
    expect(validateApplicant(resumed)).toEqual({});
    // A CCCD holder's record stays as before: no document type stored.
    await saveDossier(db, dossierId, applicantFromChip(chip, emptyApplicant));
    expect((await db.applicants.get(stored!.id))?.documentType).toBeUndefined();
    db.close();
  });
});
