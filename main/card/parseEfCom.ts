import { CardDataError } from './cardDataError';
import { expectTlv } from './asn1';
import { findTlv } from './tlv';

export interface EfCom {
  ldsVersion: string | undefined;
  unicodeVersion: string | undefined;
  /** Data group numbers present on the chip, from the tag list (0x61 → 1, 0x75 → 2, 0x6D → 13 …). */
  dataGroups: number[];
}

/** Data group tags of ICAO 9303 Part 10 §4.6, by group number. */
export const dataGroupTags: Record<number, number> = {
  1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
  9: 0x69, 10: 0x6a, 11: 0x6b, 12: 0x6c, 13: 0x6d, 14: 0x6e, 15: 0x6f, 16: 0x70,
};

const latin1 = new TextDecoder('latin1');

/** Parses EF.COM (tag 0x60): LDS and Unicode versions and the list of data groups. */
export function parseEfCom(bytes: Uint8Array): EfCom {
  const root = expectTlv(bytes, 0x60, 'EF.COM');
  const tagList = findTlv(root.value, 0x5c);
  if (!tagList) throw new CardDataError('EF.COM without tag list');
  const byTag = new Map(Object.entries(dataGroupTags).map(([n, tag]) => [tag, Number(n)]));
  const dataGroups = [...tagList.value].map((tag) => byTag.get(tag)).filter((n): n is number => n !== undefined);
  const lds = findTlv(root.value, 0x5f01);
  const unicode = findTlv(root.value, 0x5f36);
  return {
    ldsVersion: lds ? latin1.decode(lds.value) : undefined,
    unicodeVersion: unicode ? latin1.decode(unicode.value) : undefined,
    dataGroups,
  };
}
