import { checkCccd, cccdProblemMessages } from '../../../preload/shared/domain/cccd';
import type { MessageKey } from '../../i18n/i18n';
import type { Applicant, ApplicantSource } from '../../db/types';

export interface ApplicantDraft {
  idNumber: string;
  fullName: string;
  birthDate: string;
  gender: '' | 'male' | 'female';
  address: string;
  phone: string;
  email: string;
  /** Where the identity fields came from; typing over a chip or QR value makes them manual again. */
  source?: ApplicantSource;
  /** Passive authentication of chip data: only set while the fields are exactly what the chip said. */
  chipAuthentication?: 'verified' | 'unverified';
  /** The document `idNumber` comes from: CCCD rules apply only to a CCCD (or when unset). */
  documentType?: Applicant['documentType'];
}

export const emptyApplicant: ApplicantDraft = { idNumber: '', fullName: '', birthDate: '', gender: '', address: '', phone: '', email: '' };

/** A field problem: either a message key of the UI catalog or a ready Vietnamese sentence from the domain. */
export type FieldProblem = { key: MessageKey } | { text: string };

/** Checks the applicant form; an empty result means it can be saved. */
export function validateApplicant(draft: ApplicantDraft, today: Date = new Date()): Partial<Record<keyof ApplicantDraft, FieldProblem>> {
  const problems: Partial<Record<keyof ApplicantDraft, FieldProblem>> = {};
  if (!draft.idNumber.trim()) problems.idNumber = { key: 'validation.required' };
  else if (draft.documentType === 'passport' || draft.documentType === 'id-card') {
    // A passport or foreign ID card number: its own issuer's format, no CCCD rule applies.
  } else {
    const cccd = checkCccd({
      idNumber: draft.idNumber,
      ...(draft.birthDate ? { birthDate: draft.birthDate } : {}),
      ...(draft.gender ? { gender: draft.gender } : {}),
      today,
    });
    if (cccd[0]) problems.idNumber = { text: cccdProblemMessages[cccd[0]] };
  }
  const name = draft.fullName.trim();
  if (!name) problems.fullName = { key: 'validation.required' };
  else if (name.split(/\s+/u).length < 2) problems.fullName = { key: 'validation.fullName' };
  if (draft.birthDate) {
    const date = new Date(`${draft.birthDate}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.getTime() > today.getTime() || date.getUTCFullYear() < 1900) {
      problems.birthDate = { key: 'validation.birthDate' };
    }
  }
  if (draft.phone && !/^0\d{9}$/.test(draft.phone.replace(/[\s.]/g, ''))) problems.phone = { key: 'validation.phone' };
  if (draft.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email)) problems.email = { key: 'validation.email' };
  return problems;
}
