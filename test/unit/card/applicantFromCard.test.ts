import { describe, expect, it } from 'vitest';
import { applicantFromChip, applicantFromQr, editApplicant } from '../../../renderer/features/intake/applicantFromCard';
import { emptyApplicant } from '../../../renderer/operations/dossier/validateApplicant';
import { citizenFromChip } from '../../../main/card/citizenFromChip';
import { parseTd1 } from '../../../preload/shared/card/mrz';
import { parseCccdQr } from '../../../preload/shared/card/cccdQr';
import { verifiedChipRead } from '../../support/card/verifiedChipRead';
import { qrPayload, td1Mrz } from '../../support/card/syntheticCitizen';

const chip = verifiedChipRead(td1Mrz());

describe('applicant from the card', () => {
  it('fills identity fields from the chip and keeps typed contact fields', () => {
    const filled = applicantFromChip(chip, { ...emptyApplicant, phone: '0912345678' });
    expect(filled).toMatchObject({ idNumber: '001090012345', fullName: 'Nguyễn Văn An', address: 'Hà Nội', phone: '0912345678', source: 'chip', chipAuthentication: 'verified' });
  });

  it('makes the data manual again when an identity field is typed over, not when the phone is', () => {
    const filled = applicantFromChip(chip, emptyApplicant);
    expect(editApplicant(filled, 'phone', '0912345678')).toMatchObject({ source: 'chip', chipAuthentication: 'verified' });
    const edited = editApplicant(filled, 'fullName', 'Nguyễn Văn Anh');
    expect(edited.source).toBe('manual');
    expect(edited.chipAuthentication).toBeUndefined();
  });

  it('marks QR data as QR, never verified', () => {
    const parsed = parseCccdQr(qrPayload());
    if (!parsed.ok) throw new Error('QR fixture does not parse');
    const filled = applicantFromQr(parsed.value, applicantFromChip(chip, emptyApplicant));
    expect(filled.source).toBe('qr');
    expect(filled.chipAuthentication).toBeUndefined();
  });

  it('falls back to the MRZ when the chip has no DG13, century from the CCCD digit', () => {
    const citizen = citizenFromChip(parseTd1(td1Mrz())!, undefined);
    expect(citizen).toEqual({ idNumber: '001090012345', fullName: 'NGUYEN VAN AN', birthDate: '1990-03-12', gender: 'male' });
  });
});

describe('which key opens the chip', () => {
  it('takes the QR code, else the MRZ, else the form fields with the card expiry', async () => {
    const { keySourceFor } = await import('../../../renderer/features/intake/CardReaderPanel');
    expect(keySourceFor(qrPayload(), emptyApplicant, '')).toEqual({ kind: 'qr', payload: qrPayload() });
    expect(keySourceFor(td1Mrz(), emptyApplicant, '')).toEqual({ kind: 'mrz', text: td1Mrz() });
    const typed = { ...emptyApplicant, idNumber: '001090012345', birthDate: '1990-03-12' };
    expect(keySourceFor('', typed, '2030-03-12')).toEqual({ kind: 'fields', documentNumber: '090012345', birthDate: '900312', expiryDate: '300312' });
    expect(keySourceFor('', typed, '')).toBeUndefined();
  });
});
