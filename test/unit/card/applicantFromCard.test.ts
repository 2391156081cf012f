import { describe, expect, it } from 'vitest';
import { applicantFromChip, applicantFromQr, editApplicant } from '../../../renderer/features/intake/applicantFromCard';
import { emptyApplicant } from '../../../renderer/operations/dossier/validateApplicant';
import { citizenFromChip } from '../../../main/card/citizenFromChip';
import { mrzCheckDigit, parseTd1 } from '../../../preload/shared/card/mrz';
import { parseDg1 } from '../../../main/card/parseDg1';
import { validateApplicant } from '../../../renderer/operations/dossier/validateApplicant';
import { BacKey, type ChipReadResult } from '../../../preload/contract/card';
import { parseCccdQr } from '../../../preload/shared/card/cccdQr';
import { verifiedChipRead } from '../../support/card/verifiedChipRead';
import { buildDg1, qrPayload, td1Mrz, td3Mrz } from '../../support/card/syntheticCitizen';

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
    expect(citizen).toEqual({ documentType: 'cccd', idNumber: '001090012345', fullName: 'NGUYEN VAN AN', birthDate: '1990-03-12', gender: 'male' });
  });

  it('fills a passport: number in the ID field, document type passport, no CCCD rule on the number', () => {
    const mrz = parseDg1(buildDg1(td3Mrz()));
    const read: ChipReadResult = { ...chip, documentNumber: 'CZ6311T4', documentFormat: 'TD3', citizen: citizenFromChip(mrz, undefined), mrz: td3Mrz() };
    const filled = applicantFromChip(read, { ...emptyApplicant, phone: '0912345678' });
    expect(filled).toMatchObject({ documentType: 'passport', idNumber: 'CZ6311T4', fullName: 'MUELLER ANNA MARIA', birthDate: '1985-02-14', gender: 'female', source: 'chip', phone: '0912345678' });
    expect(validateApplicant(filled)).toEqual({});
    // The same number typed as a CCCD is refused: the rules depend on the document type.
    expect(validateApplicant({ ...filled, documentType: undefined }).idNumber).toBeDefined();
    // Editing the name keeps the document type (it is still a passport), not the chip's authority.
    expect(editApplicant(filled, 'fullName', 'MUELLER ANNA')).toMatchObject({ documentType: 'passport', source: 'manual' });
    // A CCCD read next, or its QR code, is a CCCD again.
    expect(applicantFromChip(chip, filled).documentType).toBe('cccd');
    const qr = parseCccdQr(qrPayload());
    if (!qr.ok) throw new Error('QR fixture does not parse');
    expect(applicantFromQr(qr.value, filled).documentType).toBeUndefined();
  });

  it('reads a foreign TD1 ID card by its MRZ alone, without the CCCD century rule', () => {
    const foreign = td1Mrz().replace('IDVNM', 'IDUTO').replace(/VNM/gu, 'UTO');
    const line1 = foreign.split('\n')[0]!;
    const line2 = foreign.split('\n')[1]!;
    const composite = mrzCheckDigit(line1.slice(5, 30) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29));
    const mrz = parseDg1(buildDg1(`${line1}\n${line2.slice(0, 29)}${composite}\n${foreign.split('\n')[2]}`));
    expect(citizenFromChip(mrz, undefined, new Date('2026-01-01'))).toEqual({
      documentType: 'id-card',
      idNumber: '090012345',
      fullName: 'NGUYEN VAN AN',
      birthDate: '1990-03-12',
      gender: 'male',
      nationality: 'UTO',
      issuingState: 'UTO',
      primaryIdentifier: 'NGUYEN',
      secondaryIdentifier: 'VAN AN',
      expiryDate: '2030-03-12',
    });
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
    expect(keySourceFor(td3Mrz(), emptyApplicant, '')).toEqual({ kind: 'mrz', text: td3Mrz() });
    const passport = { ...emptyApplicant, documentType: 'passport' as const, idNumber: 'cz6311t4', birthDate: '1985-02-14' };
    expect(keySourceFor('', passport, '2033-09-01')).toEqual({ kind: 'fields', documentNumber: 'CZ6311T4', birthDate: '850214', expiryDate: '330901' });
    expect(BacKey.safeParse({ documentNumber: 'CZ6311T4<', birthDate: '850214', expiryDate: '330901' }).success).toBe(true);
    expect(keySourceFor('', { ...passport, idNumber: 'CZ6311T4-X' }, '2033-09-01')).toBeUndefined();
  });
});
