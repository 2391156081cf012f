import { CardDataError } from './cardDataError';
import { children, expectTlv } from './asn1';
import { findTlv, type Tlv } from './tlv';
import { IMAGE_TYPE_MIME, sniffImageType } from '../../preload/shared/image/sniffImageType';

export interface FaceImage {
  mime: 'image/jpeg' | 'image/jp2';
  data: Uint8Array;
  width: number | undefined;
  height: number | undefined;
}

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function sniff(data: Uint8Array): FaceImage['mime'] | undefined {
  const type = sniffImageType(data);
  return type === 'jpeg' || type === 'jp2' ? IMAGE_TYPE_MIME[type] : undefined;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}
function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

/** The first face image of an ISO/IEC 19794-5 facial record ("FAC\0"). */
export function parseFacialRecord(bdb: Uint8Array): FaceImage {
  if (bdb.length < 14 + 20 + 12 || !startsWith(bdb, [0x46, 0x41, 0x43, 0x00])) throw new CardDataError('biometric data block is not an ISO 19794-5 facial record');
  const recordLength = u32(bdb, 8);
  if (recordLength > bdb.length) throw new CardDataError('facial record longer than its data block');
  const faceStart = 14;
  const faceLength = u32(bdb, faceStart);
  const featurePoints = u16(bdb, faceStart + 4);
  const imageInfo = faceStart + 20 + featurePoints * 8;
  const imageStart = imageInfo + 12;
  if (faceLength < 32 || faceStart + faceLength > bdb.length || imageStart > faceStart + faceLength) throw new CardDataError('facial record block lengths do not add up');
  const data = bdb.slice(imageStart, faceStart + faceLength);
  const declared = bdb[imageInfo + 1] === 1 ? 'image/jp2' : 'image/jpeg';
  const mime = sniff(data);
  if (!mime) throw new CardDataError('face image is neither JPEG nor JPEG 2000');
  if (mime !== declared) throw new CardDataError(`face image type ${declared} does not match its bytes`);
  return { mime, data, width: u16(bdb, imageInfo + 2), height: u16(bdb, imageInfo + 4) };
}

function biometricDataBlock(group: Tlv): Uint8Array {
  for (const item of children(group)) {
    if (item.tag === 0x7f60) {
      const block = findTlv(item.value, 0x5f2e) ?? findTlv(item.value, 0x7f2e);
      if (block) return block.value;
    }
  }
  throw new CardDataError('DG2 has no biometric data block');
}

/** Parses DG2 (tag 0x75): the face image in its biometric information group template (0x7F61). */
export function parseDg2(bytes: Uint8Array): FaceImage {
  const root = expectTlv(bytes, 0x75, 'DG2');
  const group = findTlv(root.value, 0x7f61);
  if (!group) throw new CardDataError('DG2 without biometric information group template');
  return parseFacialRecord(biometricDataBlock(group));
}
