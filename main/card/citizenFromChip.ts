import type { ChipCitizen } from '../../preload/contract/card';
import { ddmmyyyyToIso, genderFromVietnamese } from '../../preload/shared/card/cccdQr';
import { mrzDateToIso, type Td1Mrz } from '../../preload/shared/card/mrz';
import type { VietnamDg13 } from './parseDg13';

/** Birth year century from the CCCD's 4th digit (0/1 → 1900s, 2/3 → 2000s …). */
function centuryFromId(idNumber: string): number | undefined {
  if (!/^\d{12}$/u.test(idNumber)) return undefined;
  return 1900 + Math.floor(Number(idNumber[3]) / 2) * 100;
}

/**
 * The applicant as the chip states it: DG13's Vietnamese fields first (names with diacritics,
 * full dates), DG1's MRZ where DG13 is missing or silent.
 */
export function citizenFromChip(mrz: Td1Mrz, dg13: VietnamDg13 | undefined, today: Date = new Date()): ChipCitizen {
  const fromMrz = /^\d{12}/u.exec(mrz.optionalData1)?.[0];
  const idNumber = dg13?.idNumber && /^\d{12}$/u.test(dg13.idNumber) ? dg13.idNumber : (fromMrz ?? mrz.documentNumber);
  let birthDate = dg13?.birthDate ? ddmmyyyyToIso(dg13.birthDate) : undefined;
  if (!birthDate) {
    const century = centuryFromId(idNumber);
    birthDate = century !== undefined ? `${century + Number(mrz.birthDate.slice(0, 2))}-${mrz.birthDate.slice(2, 4)}-${mrz.birthDate.slice(4, 6)}` : mrzDateToIso(mrz.birthDate, today);
  }
  const gender = (dg13?.sex ? genderFromVietnamese(dg13.sex) : undefined) ?? (mrz.sex === 'M' ? 'male' : mrz.sex === 'F' ? 'female' : '');
  const citizen: ChipCitizen = {
    idNumber,
    fullName: dg13?.fullName ?? `${mrz.surname} ${mrz.givenNames}`.trim(),
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
