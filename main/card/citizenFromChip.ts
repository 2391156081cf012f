import type { ChipCitizen } from '../../preload/contract/card';
import { ddmmyyyyToIso, genderFromVietnamese } from '../../preload/shared/card/cccdQr';
import { mrzDateToIso, type Td1Mrz } from '../../preload/shared/card/mrz';
import type { ChipMrz } from './parseDg1';
import type { VietnamDg13 } from './parseDg13';

/** Birth year century from the CCCD's 4th digit (0/1 → 1900s, 2/3 → 2000s …). */
function centuryFromId(idNumber: string): number | undefined {
  if (!/^\d{12}$/u.test(idNumber)) return undefined;
  return 1900 + Math.floor(Number(idNumber[3]) / 2) * 100;
}

/** An ISO date only when it names a real day (an MRZ may hold '<<<<<<' or 991399). */
function realDay(iso: string | undefined): string | undefined {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/u.test(iso)) return undefined;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** An MRZ expiry date: documents read by chip expire in this century. */
function expiryToIso(yymmdd: string): string | undefined {
  return /^\d{6}$/u.test(yymmdd) ? realDay(`20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`) : undefined;
}

function genderOf(sex: 'M' | 'F' | '<'): ChipCitizen['gender'] {
  return sex === 'M' ? 'male' : sex === 'F' ? 'female' : '';
}

/** Whether a TD1 MRZ is a Vietnamese CCCD (issued by VNM): the only document CCCD rules apply to. */
export function isCccd(mrz: Td1Mrz | ChipMrz): boolean {
  return (!('format' in mrz) || mrz.format === 'TD1') && mrz.issuingState === 'VNM';
}

/**
 * A passport (TD3) or a foreign ID card (TD1 not issued by VNM): the MRZ is all there is, and no
 * CCCD rule (12-digit number, century digit, DG13) applies. The document number is the ID.
 */
function citizenFromForeignMrz(mrz: ChipMrz, today: Date): ChipCitizen {
  const [primary, secondary] = mrz.format === 'TD3' ? [mrz.primaryIdentifier, mrz.secondaryIdentifier] : [mrz.surname, mrz.givenNames];
  const citizen: ChipCitizen = {
    documentType: mrz.format === 'TD3' ? 'passport' : 'id-card',
    idNumber: mrz.documentNumber,
    fullName: `${primary} ${secondary}`.trim(),
    birthDate: realDay(mrzDateToIso(mrz.birthDate, today)) ?? '',
    gender: genderOf(mrz.sex),
    primaryIdentifier: primary,
    secondaryIdentifier: secondary,
  };
  if (mrz.nationality) citizen.nationality = mrz.nationality;
  if (mrz.issuingState) citizen.issuingState = mrz.issuingState;
  const expiry = expiryToIso(mrz.expiryDate);
  if (expiry) citizen.expiryDate = expiry;
  return citizen;
}

/**
 * The applicant as the chip states it. A CCCD: DG13's Vietnamese fields first (names with
 * diacritics, full dates), DG1's MRZ where DG13 is missing or silent. A passport or a foreign ID
 * card: the MRZ alone (DG13 is not read as Vietnamese data).
 */
export function citizenFromChip(mrz: Td1Mrz | ChipMrz, dg13: VietnamDg13 | undefined, today: Date = new Date()): ChipCitizen {
  if ('format' in mrz && !isCccd(mrz)) return citizenFromForeignMrz(mrz, today);
  const td1 = mrz as Td1Mrz;
  const fromMrz = /^\d{12}/u.exec(td1.optionalData1)?.[0];
  const idNumber = dg13?.idNumber && /^\d{12}$/u.test(dg13.idNumber) ? dg13.idNumber : (fromMrz ?? td1.documentNumber);
  let birthDate = dg13?.birthDate ? ddmmyyyyToIso(dg13.birthDate) : undefined;
  if (!birthDate) {
    const century = centuryFromId(idNumber);
    birthDate = century !== undefined ? `${century + Number(td1.birthDate.slice(0, 2))}-${td1.birthDate.slice(2, 4)}-${td1.birthDate.slice(4, 6)}` : mrzDateToIso(td1.birthDate, today);
  }
  const gender = (dg13?.sex ? genderFromVietnamese(dg13.sex) : undefined) ?? genderOf(td1.sex);
  const citizen: ChipCitizen = {
    documentType: 'cccd',
    idNumber,
    fullName: dg13?.fullName ?? `${td1.surname} ${td1.givenNames}`.trim(),
    birthDate: birthDate ?? '',
    gender,
  };
  if (dg13) {
    const copy = ['nationality', 'ethnicity', 'religion', 'placeOfOrigin', 'placeOfResidence', 'identifyingMarks', 'fatherName', 'motherName', 'spouseName', 'oldIdNumber'] as const;
    for (const field of copy) if (dg13[field]) citizen[field] = dg13[field];
    const issue = dg13.issueDate ? ddmmyyyyToIso(dg13.issueDate) : undefined;
    if (issue) citizen.issueDate = issue;
    const expiry = dg13.expiryDate ? (ddmmyyyyToIso(dg13.expiryDate) ?? dg13.expiryDate) : undefined;
    if (expiry) citizen.expiryDate = expiry;
  }
  return citizen;
}
