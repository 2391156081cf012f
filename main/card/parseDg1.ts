import { CardDataError } from './cardDataError';
import { expectTlv } from './asn1';
import { requireTlv } from './tlv';
import { mrzFormatOf, parseTd1, parseTd3, type Td1Mrz, type Td3Mrz } from '../../preload/shared/card/mrz';
import { UnsupportedDocumentError } from './unsupportedDocumentError';

const latin1 = new TextDecoder('latin1');

/** DG1's MRZ: a TD1 ID card or a TD3 passport, with its text as stored (no line breaks). */
export type ChipMrz = (Td1Mrz & { format: 'TD1'; text: string }) | (Td3Mrz & { format: 'TD3'; text: string });

/** Line width of each layout, to print the MRZ as the document shows it. */
export const MRZ_LINE_WIDTH: Record<ChipMrz['format'], number> = { TD1: 30, TD3: 44 };

export const TD2_MESSAGE =
  'Giấy tờ trên chip có vùng MRZ kiểu TD2 (2 dòng 36 ký tự, như một số thẻ căn cước nước ngoài và thị thực). Phần mềm mới đọc được thẻ căn cước kiểu TD1 (3 dòng) và hộ chiếu kiểu TD3 (2 dòng 44 ký tự). Hãy nhập tay thông tin người nộp.';

/**
 * Parses DG1 (tag 0x61, MRZ in 0x5F1F): a TD1 MRZ (ID cards) or a TD3 MRZ (passports) whose check
 * digits must all hold. A TD2 MRZ is refused as unsupported, anything else as bad data: any bytes
 * give a parsed MRZ, a CardDataError or an UnsupportedDocumentError, nothing else.
 */
export function parseDg1(bytes: Uint8Array): ChipMrz {
  const root = expectTlv(bytes, 0x61, 'DG1');
  const text = latin1.decode(requireTlv(root.value, 0x5f1f, 'DG1').value);
  const format = mrzFormatOf(text);
  if (format === 'TD2') throw new UnsupportedDocumentError(TD2_MESSAGE, `DG1 MRZ is TD2 (${text.length} characters)`);
  const mrz = format === 'TD1' ? parseTd1(text) : format === 'TD3' ? parseTd3(text) : undefined;
  if (!mrz || !format) throw new CardDataError(`DG1 MRZ is neither TD1 (90 characters) nor TD3 (88): ${text.length} characters`);
  if (mrz.badCheckDigits.length > 0) throw new CardDataError(`DG1 ${format} check digits wrong: ${mrz.badCheckDigits.join(', ')}`);
  return format === 'TD1' ? { ...(mrz as Td1Mrz), format, text } : { ...(mrz as Td3Mrz), format, text };
}
