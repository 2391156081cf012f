import { Asn1Tag, children, decodeAsn1String, decodeSmallInteger, expectTlv } from './asn1';
import type { Tlv } from './tlv';

/** DG13 of a Vietnamese CCCD: the citizen's data in Vietnamese, as the card prints it. */
export interface VietnamDg13 {
  idNumber?: string;
  fullName?: string;
  /** As on the card, DD/MM/YYYY. */
  birthDate?: string;
  sex?: string;
  nationality?: string;
  ethnicity?: string;
  religion?: string;
  placeOfOrigin?: string;
  placeOfResidence?: string;
  identifyingMarks?: string;
  issueDate?: string;
  expiryDate?: string;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  oldIdNumber?: string;
  /** Every field by number, all its strings in order, including numbers this parser does not name. */
  fields: Record<number, string[]>;
}

function collectStrings(item: Tlv, out: string[], depth: number): void {
  if (depth > 8) return;
  const text = decodeAsn1String(item);
  if (text !== undefined) {
    out.push(text.trim());
    return;
  }
  if (item.constructed) for (const child of children(item)) collectStrings(child, out, depth + 1);
}

/**
 * Walks the tree and records every SEQUENCE { INTEGER n, strings… } as field n. The innermost
 * such sequences win, so a wrapper SEQUENCE { INTEGER version, SET { items } } is not a field.
 * Returns whether any field was found under `item`.
 */
function collectFields(item: Tlv, fields: Record<number, string[]>, depth: number): boolean {
  if (depth > 8 || !item.constructed) return false;
  const kids = children(item);
  let found = false;
  for (const kid of kids.slice(kids[0]?.tag === Asn1Tag.integer ? 1 : 0)) found = collectFields(kid, fields, depth + 1) || found;
  if (found) return true;
  const first = kids[0];
  if (item.tag === Asn1Tag.sequence && first?.tag === Asn1Tag.integer && first.value.length <= 2) {
    const number = decodeSmallInteger(first);
    const values: string[] = [];
    for (const kid of kids.slice(1)) collectStrings(kid, values, depth + 1);
    if (!(number in fields)) fields[number] = values;
    return true;
  }
  return false;
}

/**
 * Parses DG13 (tag 0x6D) of a Vietnamese card. The layout is the issuer's (items SEQUENCE {
 * INTEGER field-no, string… }); fields are found wherever they sit in the tree, so a version
 * wrapper or a nested parents' sequence does not matter.
 */
export function parseDg13(bytes: Uint8Array): VietnamDg13 {
  const root = expectTlv(bytes, 0x6d, 'DG13');
  const fields: Record<number, string[]> = {};
  collectFields(root, fields, 0);
  const one = (n: number) => fields[n]?.filter((s) => s.length > 0).join(' ') || undefined;
  const result: VietnamDg13 = { fields };
  const named: [keyof Omit<VietnamDg13, 'fields' | 'fatherName' | 'motherName'>, number][] = [
    ['idNumber', 1], ['fullName', 2], ['birthDate', 3], ['sex', 4], ['nationality', 5], ['ethnicity', 6], ['religion', 7],
    ['placeOfOrigin', 8], ['placeOfResidence', 9], ['identifyingMarks', 10], ['issueDate', 11], ['expiryDate', 12], ['spouseName', 14],
  ];
  for (const [name, n] of named) {
    const value = one(n);
    if (value !== undefined) result[name] = value;
  }
  const parents = fields[13]?.filter((s) => s.length > 0) ?? [];
  if (parents[0]) result.fatherName = parents[0];
  if (parents[1]) result.motherName = parents[1];
  const oldId = one(15) ?? one(16);
  if (oldId) result.oldIdNumber = oldId;
  return result;
}
