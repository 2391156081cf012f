import type { ChipReadResult } from '../../../preload/contract/card';
import type { CccdQrData } from '../../../preload/shared/card/cccdQr';
import type { ApplicantDraft } from '../../operations/dossier/validateApplicant';

/** Fields that identify the person: typing over any of them means the data is no longer the card's. */
export const identityFields = ['idNumber', 'fullName', 'birthDate', 'gender', 'address'] as const;

/**
 * The applicant form filled from the chip: identity fields from the chip (DG13, else the MRZ),
 * contact fields the officer already typed are kept. For a passport or a foreign ID card the
 * document number goes in the ID field and the document type says so (no CCCD rule applies).
 */
export function applicantFromChip(result: ChipReadResult, current: ApplicantDraft): ApplicantDraft {
  const { citizen } = result;
  return {
    ...current,
    documentType: citizen.documentType ?? 'cccd',
    idNumber: citizen.idNumber,
    fullName: citizen.fullName,
    birthDate: citizen.birthDate,
    gender: citizen.gender,
    address: citizen.placeOfResidence ?? current.address,
    source: 'chip',
    chipAuthentication: result.authentication.status,
  };
}

/** The applicant form filled from the card's QR code (not verified: a QR code can be printed by anyone). */
export function applicantFromQr(qr: CccdQrData, current: ApplicantDraft): ApplicantDraft {
  const { chipAuthentication: _dropped, documentType: _cccd, ...rest } = current;
  return {
    ...rest,
    idNumber: qr.idNumber,
    fullName: qr.fullName,
    birthDate: qr.birthDate,
    gender: qr.gender ?? '',
    address: qr.address,
    source: 'qr',
  };
}

/** The draft after the officer edits one field: editing an identity field makes it manual again. */
export function editApplicant(current: ApplicantDraft, field: keyof ApplicantDraft, value: string): ApplicantDraft {
  const next = { ...current, [field]: value } as ApplicantDraft;
  if ((identityFields as readonly string[]).includes(field) && value !== current[field] && current.source !== 'manual' && current.source !== undefined) {
    const { chipAuthentication: _dropped, ...rest } = next;
    return { ...rest, source: 'manual' };
  }
  return next;
}
