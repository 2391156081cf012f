import { CardDataError } from './cardDataError';
import { expectTlv } from './asn1';
import { requireTlv } from './tlv';
import { parseTd1, type Td1Mrz } from '../../preload/shared/card/mrz';

const latin1 = new TextDecoder('latin1');

/** Parses DG1 (tag 0x61, MRZ in 0x5F1F) of an ID card: a TD1 MRZ whose check digits must all hold. */
export function parseDg1(bytes: Uint8Array): Td1Mrz & { text: string } {
  const root = expectTlv(bytes, 0x61, 'DG1');
  const text = latin1.decode(requireTlv(root.value, 0x5f1f, 'DG1').value);
  const mrz = parseTd1(text);
  if (!mrz) throw new CardDataError(`DG1 MRZ is not TD1 (${text.length} characters)`);
  if (mrz.badCheckDigits.length > 0) throw new CardDataError(`DG1 check digits wrong: ${mrz.badCheckDigits.join(', ')}`);
  return { ...mrz, text };
}
