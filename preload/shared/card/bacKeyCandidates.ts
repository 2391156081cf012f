import { cccdExpiryCandidates, isoToYymmdd } from './cccdExpiry';
import type { CccdQrData } from './cccdQr';
import type { BacKey } from '../../contract/card';

/**
 * BAC keys from a CCCD QR code: the document number is the last 9 digits of the ID number, the
 * birth date is printed, and the expiry is one of the renewal-age candidates.
 */
export function bacKeysFromQr(qr: Pick<CccdQrData, 'idNumber' | 'birthDate' | 'issueDate'>): BacKey[] {
  const documentNumber = qr.idNumber.slice(-9);
  const birthDate = isoToYymmdd(qr.birthDate);
  return cccdExpiryCandidates(qr.birthDate, qr.issueDate).map((expiry) => ({ documentNumber, birthDate, expiryDate: isoToYymmdd(expiry) }));
}
