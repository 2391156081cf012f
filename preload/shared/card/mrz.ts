/**
 * Machine readable zone (ICAO 9303 Part 3 and Part 5): check digits, the TD1 layout of ID cards,
 * and the BAC key fields read from a typed or OCR'd MRZ. Pure code, shared by main and the renderer.
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

export type MrzField = 'documentNumber' | 'birthDate' | 'expiryDate' | 'composite';

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

/**
 * Parses a TD1 MRZ (3 lines of 30 characters, or the 90 characters run together) and checks all
 * four check digits. A document number longer than 9 characters continues in the optional data
 * (check digit position '<'), as Part 5 allows. Returns undefined when the text is not TD1-shaped.
 */
export function parseTd1(text: string): Td1Mrz | undefined {
  let lines = mrzLines(text);
  if (lines.length === 1 && lines[0]!.length === 90) lines = [lines[0]!.slice(0, 30), lines[0]!.slice(30, 60), lines[0]!.slice(60)];
  if (lines.length !== 3 || lines.some((line) => line.length !== 30 || !/^[0-9A-Z<]+$/u.test(line))) return undefined;
  const [l1, l2, l3] = lines as [string, string, string];
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


/**
 * Reads the BAC key fields from what the officer typed or OCR read: a full TD1 MRZ, or the
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
