/**
 * Machine readable zone (ICAO 9303 Parts 3, 4 and 5): check digits, the TD1 layout of ID cards,
 * the TD3 layout of passports, and the BAC key fields read from a typed or OCR'd MRZ. Pure code,
 * shared by main and the renderer.
 */

import type { BacKey } from '../../contract/card';

const WEIGHTS = [7, 3, 1] as const;

function mrzCharValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55;
  if (ch === '<') return 0;
  throw new RangeError(`không phải ký tự MRZ: ${JSON.stringify(ch)}`);
}

/** The check digit of an MRZ field (weights 7, 3, 1; A=10 … Z=35; filler '<' = 0). */
export function mrzCheckDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i += 1) sum += mrzCharValue(field[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}

export type MrzField = 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber' | 'composite';

/** The MRZ layouts of ICAO 9303: TD1 (ID cards, 3×30), TD2 (2×36), TD3 (passports, 2×44). */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface Td1Mrz {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  optionalData1: string;
  /** YYMMDD */
  birthDate: string;
  sex: 'M' | 'F' | '<';
  /** YYMMDD */
  expiryDate: string;
  nationality: string;
  optionalData2: string;
  surname: string;
  givenNames: string;
  /** Fields whose check digit does not match; empty for a sound MRZ. */
  badCheckDigits: MrzField[];
}

function trimFiller(value: string): string {
  return value.replace(/<+$/u, '');
}

/** Normalizes MRZ text: upper case, no spaces, one line per row. */
function mrzLines(text: string): string[] {
  return text
    .toUpperCase()
    .split(/\r?\n/u)
    .map((line) => line.replace(/\s+/gu, ''))
    .filter((line) => line.length > 0);
}

/** The lines of an MRZ as its layout has them: split by line, or cut from one run-together line. */
function layoutLines(text: string): { format: MrzFormat; lines: string[] } | undefined {
  let lines = mrzLines(text);
  const shapes: [MrzFormat, number, number][] = [['TD1', 3, 30], ['TD2', 2, 36], ['TD3', 2, 44]];
  if (lines.length === 1) {
    const shape = shapes.find(([, count, width]) => lines[0]!.length === count * width);
    if (shape) lines = Array.from({ length: shape[1] }, (_, i) => lines[0]!.slice(i * shape[2], (i + 1) * shape[2]));
  }
  const shape = shapes.find(([, count, width]) => lines.length === count && lines.every((line) => line.length === width));
  return shape ? { format: shape[0], lines } : undefined;
}

/**
 * Which ICAO layout an MRZ has, from its line count and widths alone (characters are not
 * checked): what lets a reader say "this is a TD2 document" rather than "unreadable".
 */
export function mrzFormatOf(text: string): MrzFormat | undefined {
  return layoutLines(text)?.format;
}

/**
 * Parses a TD1 MRZ (3 lines of 30 characters, or the 90 characters run together) and checks all
 * four check digits. A document number longer than 9 characters continues in the optional data
 * (check digit position '<'), as Part 5 allows. Returns undefined when the text is not TD1-shaped.
 */
export function parseTd1(text: string): Td1Mrz | undefined {
  const layout = layoutLines(text);
  if (layout?.format !== 'TD1' || layout.lines.some((line) => !/^[0-9A-Z<]+$/u.test(line))) return undefined;
  const [l1, l2, l3] = layout.lines as [string, string, string];
  let documentNumber = l1.slice(5, 14);
  let numberCheck = l1[14]!;
  let optionalData1 = l1.slice(15, 30);
  if (numberCheck === '<' && /^[0-9A-Z]+</u.test(optionalData1)) {
    const rest = optionalData1.slice(0, optionalData1.indexOf('<'));
    documentNumber += rest.slice(0, -1);
    numberCheck = rest.slice(-1);
    optionalData1 = optionalData1.slice(rest.length + 1);
  }
  const bad: MrzField[] = [];
  if (mrzCheckDigit(documentNumber) !== numberCheck) bad.push('documentNumber');
  const birthDate = l2.slice(0, 6);
  if (mrzCheckDigit(birthDate) !== l2[6]) bad.push('birthDate');
  const expiryDate = l2.slice(8, 14);
  if (mrzCheckDigit(expiryDate) !== l2[14]) bad.push('expiryDate');
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  if (mrzCheckDigit(composite) !== l2[29]) bad.push('composite');
  const sex = l2[7] === 'M' || l2[7] === 'F' ? l2[7] : '<';
  const separator = l3.indexOf('<<');
  const surname = separator < 0 ? l3 : l3.slice(0, separator);
  const given = separator < 0 ? '' : l3.slice(separator + 2);
  const words = (value: string) => value.replace(/<+/gu, ' ').trim();
  return {
    documentCode: trimFiller(l1.slice(0, 2)),
    issuingState: trimFiller(l1.slice(2, 5)),
    documentNumber: trimFiller(documentNumber),
    optionalData1: trimFiller(optionalData1),
    birthDate,
    sex,
    expiryDate,
    nationality: trimFiller(l2.slice(15, 18)),
    optionalData2: trimFiller(l2.slice(18, 29)),
    surname: words(surname),
    givenNames: words(given),
    badCheckDigits: bad,
  };
}

export interface Td3Mrz {
  documentCode: string;
  issuingState: string;
  /** Passport number, 9 characters at most (fillers trimmed). */
  documentNumber: string;
  /** YYMMDD */
  birthDate: string;
  sex: 'M' | 'F' | '<';
  /** YYMMDD */
  expiryDate: string;
  nationality: string;
  /** Personal number or other optional data of line 2. */
  personalNumber: string;
  /** Primary identifier (surname), words separated by spaces. */
  primaryIdentifier: string;
  /** Secondary identifier (given names), words separated by spaces. */
  secondaryIdentifier: string;
  badCheckDigits: MrzField[];
}

/**
 * Parses a TD3 MRZ (passports: 2 lines of 44 characters, or the 88 run together, ICAO 9303 Part 4)
 * and checks its five check digits. An empty personal number may carry '<' as its check digit.
 * Returns undefined when the text is not TD3-shaped.
 */
export function parseTd3(text: string): Td3Mrz | undefined {
  const layout = layoutLines(text);
  if (layout?.format !== 'TD3' || layout.lines.some((line) => !/^[0-9A-Z<]+$/u.test(line))) return undefined;
  const [l1, l2] = layout.lines as [string, string];
  const bad: MrzField[] = [];
  const documentNumber = l2.slice(0, 9);
  if (mrzCheckDigit(documentNumber) !== l2[9]) bad.push('documentNumber');
  const birthDate = l2.slice(13, 19);
  if (mrzCheckDigit(birthDate) !== l2[19]) bad.push('birthDate');
  const expiryDate = l2.slice(21, 27);
  if (mrzCheckDigit(expiryDate) !== l2[27]) bad.push('expiryDate');
  const personal = l2.slice(28, 42);
  const personalCheck = l2[42]!;
  if (!(mrzCheckDigit(personal) === personalCheck || (personalCheck === '<' && /^<+$/u.test(personal)))) bad.push('personalNumber');
  if (mrzCheckDigit(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43)) !== l2[43]) bad.push('composite');
  const name = l1.slice(5);
  const separator = name.indexOf('<<');
  const words = (value: string) => value.replace(/<+/gu, ' ').trim();
  return {
    documentCode: trimFiller(l1.slice(0, 2)),
    issuingState: trimFiller(l1.slice(2, 5)),
    documentNumber: trimFiller(documentNumber),
    birthDate,
    sex: l2[20] === 'M' || l2[20] === 'F' ? l2[20] : '<',
    expiryDate,
    nationality: trimFiller(l2.slice(10, 13)),
    personalNumber: trimFiller(personal),
    primaryIdentifier: words(separator < 0 ? name : name.slice(0, separator)),
    secondaryIdentifier: separator < 0 ? '' : words(name.slice(separator + 2)),
    badCheckDigits: bad,
  };
}

/**
 * Reads the BAC key fields from what the officer typed or OCR read: a full TD1 or TD3 MRZ, or the
 * 24-character MRZ information (number, check, birth date, check, expiry, check). Check digits
 * must agree, so a misread character is caught here rather than by a failed authentication.
 * Returns the fields or the names of the fields that are wrong.
 */
export function mrzKeyFromText(text: string): { ok: true; value: BacKey } | { ok: false; bad: MrzField[] } {
  const td1 = parseTd1(text);
  if (td1) {
    const bad = td1.badCheckDigits.filter((f) => f !== 'composite');
    if (bad.length > 0) return { ok: false, bad };
    return { ok: true, value: { documentNumber: td1.documentNumber, birthDate: td1.birthDate, expiryDate: td1.expiryDate } };
  }
  const td3 = parseTd3(text);
  if (td3) {
    const bad = td3.badCheckDigits.filter((f) => f === 'documentNumber' || f === 'birthDate' || f === 'expiryDate');
    if (bad.length > 0) return { ok: false, bad };
    return { ok: true, value: { documentNumber: td3.documentNumber, birthDate: td3.birthDate, expiryDate: td3.expiryDate } };
  }
  const compact = text.toUpperCase().replace(/\s+/gu, '');
  const match = /^([0-9A-Z<]{9})([0-9])([0-9]{6})([0-9])([0-9]{6})([0-9])$/u.exec(compact);
  if (!match) return { ok: false, bad: ['documentNumber', 'birthDate', 'expiryDate'] };
  const [, number, numberCheck, birth, birthCheck, expiry, expiryCheck] = match as unknown as [string, string, string, string, string, string, string];
  const bad: MrzField[] = [];
  if (mrzCheckDigit(number) !== numberCheck) bad.push('documentNumber');
  if (mrzCheckDigit(birth) !== birthCheck) bad.push('birthDate');
  if (mrzCheckDigit(expiry) !== expiryCheck) bad.push('expiryDate');
  if (bad.length > 0) return { ok: false, bad };
  return { ok: true, value: { documentNumber: trimFiller(number), birthDate: birth, expiryDate: expiry } };
}

/** YYMMDD to ISO, with the century chosen so the date is not after `pivot` (birth dates). */
export function mrzDateToIso(yymmdd: string, pivot: Date): string | undefined {
  if (!/^\d{6}$/u.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const pivotYear = pivot.getUTCFullYear();
  let year = Math.floor(pivotYear / 100) * 100 + yy;
  if (year > pivotYear) year -= 100;
  return `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

/** Characters OCR takes for digits in MRZ fields that can only hold digits. */
const DIGIT_LOOKALIKES: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8', T: '7' };

function digitsOnly(field: string): string {
  return field.replace(/[A-Z]/gu, (ch) => DIGIT_LOOKALIKES[ch] ?? ch);
}

/** One OCR line as MRZ characters: upper case, no spaces, the usual stand-ins for '<' turned back. */
function mrzLineFromOcr(line: string): string {
  return line
    .toUpperCase()
    .replace(/[«‹([{]/gu, '<')
    .replace(/\s+/gu, '')
    // A run of fillers at the end of a line is often read as K's.
    .replace(/[K<]{2,}$/u, (run) => '<'.repeat(run.length))
    .replace(/[^0-9A-Z<]/gu, '');
}

/**
 * Finds a TD1 MRZ in OCR text of a card's back: three consecutive lines of 30 MRZ characters
 * (after undoing the usual OCR stand-ins), with the digit-only fields repaired and every check
 * digit holding. Returns the three lines, or undefined when no sound MRZ is there.
 */
export function findTd1InText(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/u)
    .map(mrzLineFromOcr)
    .filter((line) => line.length >= 28 && line.length <= 32)
    .map((line) => line.padEnd(30, '<').slice(0, 30));
  for (let i = 0; i + 2 < lines.length; i += 1) {
    const l1 = lines[i]!;
    const l2raw = lines[i + 1]!;
    const l3 = lines[i + 2]!;
    // Line 2: birth date, check, sex, expiry, check are digits except the sex letter.
    const l2 = digitsOnly(l2raw.slice(0, 7)) + l2raw[7] + digitsOnly(l2raw.slice(8, 15)) + l2raw.slice(15, 29) + digitsOnly(l2raw.slice(29));
    // Vietnamese cards: the document number and the ID in the optional data are all digits.
    const vietnamese = l1.slice(2, 5) === 'VNM';
    const l1digits = l1.slice(0, 5) + digitsOnly(l1.slice(5, 27)) + l1.slice(27);
    const candidates = vietnamese ? [`${l1digits}\n${l2}\n${l3}`, `${l1}\n${l2}\n${l3}`] : [`${l1}\n${l2}\n${l3}`, `${l1digits}\n${l2}\n${l3}`];
    for (const candidate of candidates) {
      const parsed = parseTd1(candidate);
      if (parsed && parsed.badCheckDigits.length === 0) return candidate;
    }
  }
  return undefined;
}
