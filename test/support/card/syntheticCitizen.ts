import { readFileSync } from 'node:fs';
import path from 'node:path';
import { concatBytes } from '../../../main/card/bytes';
import { encodeTlv } from '../../../main/card/tlv';
import { mrzCheckDigit } from '../../../preload/shared/card/mrz';
import { buildSod, der, type TestAuthority } from './testPki';
import type { CardFiles } from './emrtdEmulator';

/** A citizen who does not exist, with a CCCD that agrees with itself (gender/century digit, year). */
export const syntheticCitizen = {
  idNumber: '001090012345',
  documentNumber: '090012345',
  fullName: 'Nguyễn Văn An',
  mrzSurname: 'NGUYEN',
  mrzGiven: 'VAN AN',
  birthDate: '12/03/1990',
  birthYymmdd: '900312',
  sex: 'Nam',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã Đông Hội, Huyện Đông Anh, Hà Nội',
  placeOfResidence: 'Số 12 Phố Tràng Tiền, Phường Tràng Tiền, Quận Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:1cm trên trước mép phải',
  issueDate: '10/05/2021',
  expiryDate: '12/03/2030',
  expiryYymmdd: '300312',
  fatherName: 'Nguyễn Văn Bình',
  motherName: 'Trần Thị Cúc',
  oldIdNumber: '012345678',
} as const;

export type Citizen = typeof syntheticCitizen;

/** The CCCD QR payload printed on the front of the card. */
export function qrPayload(citizen: Citizen = syntheticCitizen): string {
  const date = (dmy: string) => dmy.replaceAll('/', '');
  return [citizen.idNumber, citizen.oldIdNumber, citizen.fullName, date(citizen.birthDate), citizen.sex, citizen.placeOfResidence, date(citizen.issueDate)].join('|');
}

/** A TD1 MRZ for the citizen, with correct check digits. */
export function td1Mrz(citizen: Citizen = syntheticCitizen): string {
  const line1 = `IDVNM${citizen.documentNumber}${mrzCheckDigit(citizen.documentNumber)}${citizen.idNumber}<<<`.padEnd(30, '<');
  const partial = `${citizen.birthYymmdd}${mrzCheckDigit(citizen.birthYymmdd)}M${citizen.expiryYymmdd}${mrzCheckDigit(citizen.expiryYymmdd)}VNM`;
  const optional2 = '<'.repeat(11);
  const composite = mrzCheckDigit(line1.slice(5, 30) + partial.slice(0, 7) + partial.slice(8, 15) + optional2);
  const line2 = `${partial}${optional2}${composite}`;
  const line3 = `${citizen.mrzSurname}<<${citizen.mrzGiven.replaceAll(' ', '<')}`.padEnd(30, '<');
  return `${line1}\n${line2}\n${line3}`;
}

const fixtureJpeg = path.resolve(__dirname, '..', '..', 'unit', 'pdf', 'fixtures', 'small.jpg');

/** A small real JPEG face (the repository's JPEG fixture). */
export function faceJpeg(): Uint8Array {
  return new Uint8Array(readFileSync(fixtureJpeg));
}

/** ISO/IEC 19794-5 facial record around one image. */
export function facialRecord(image: Uint8Array, type: 'jpeg' | 'jp2', width: number, height: number): Uint8Array {
  const u16 = (v: number) => Uint8Array.of(v >> 8, v & 0xff);
  const u32 = (v: number) => Uint8Array.of(v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  const faceBlock = 20 + 12 + image.length;
  const info = concatBytes(u32(faceBlock), u16(0), Uint8Array.of(1, 0, 0), new Uint8Array(3), new Uint8Array(2), new Uint8Array(3), new Uint8Array(3));
  const imageInfo = concatBytes(Uint8Array.of(1, type === 'jp2' ? 1 : 0), u16(width), u16(height), Uint8Array.of(1, 2), u16(0), u16(0));
  const header = concatBytes(Uint8Array.of(0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00), u32(14 + faceBlock), u16(1));
  return concatBytes(header, info, imageInfo, image);
}

export function buildDg1(mrz: string): Uint8Array {
  return encodeTlv(0x61, encodeTlv(0x5f1f, new TextEncoder().encode(mrz.replaceAll('\n', ''))));
}

export function buildDg2(record: Uint8Array): Uint8Array {
  const header = encodeTlv(0xa1, encodeTlv(0x80, Uint8Array.of(1, 1)), encodeTlv(0x81, Uint8Array.of(2)), encodeTlv(0x87, Uint8Array.of(1, 1)), encodeTlv(0x88, Uint8Array.of(0, 8)));
  return encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, header, encodeTlv(0x5f2e, record))));
}

/** DG13 as the Vietnamese issuer lays it out: items SEQUENCE { INTEGER n, value } under 0x6D. */
export function buildDg13(citizen: Citizen = syntheticCitizen): Uint8Array {
  const item = (n: number, ...values: Uint8Array[]) => der.seq(der.int(n), ...values);
  const text = (value: string) => der.utf8(value);
  return encodeTlv(
    0x6d,
    der.seq(
      der.int(0),
      der.set(
        item(1, der.printable(citizen.idNumber)),
        item(2, text(citizen.fullName)),
        item(3, der.printable(citizen.birthDate)),
        item(4, text(citizen.sex)),
        item(5, text(citizen.nationality)),
        item(6, text(citizen.ethnicity)),
        item(7, text(citizen.religion)),
        item(8, text(citizen.placeOfOrigin)),
        item(9, text(citizen.placeOfResidence)),
        item(10, text(citizen.identifyingMarks)),
        item(11, der.printable(citizen.issueDate)),
        item(12, der.printable(citizen.expiryDate)),
        item(13, der.seq(text(citizen.fatherName)), der.seq(text(citizen.motherName))),
        item(14, der.seq()),
        item(15, der.printable(citizen.oldIdNumber)),
      ),
    ),
  );
}

export function buildCom(groups: number[], ldsVersion = '0107'): Uint8Array {
  const tags: Record<number, number> = { 1: 0x61, 2: 0x75, 11: 0x6b, 13: 0x6d };
  return encodeTlv(0x60, encodeTlv(0x5f01, new TextEncoder().encode(ldsVersion)), encodeTlv(0x5f36, new TextEncoder().encode('040000')), encodeTlv(0x5c, Uint8Array.from(groups.map((g) => tags[g]!))));
}

/**
 * Breaks a facial record the way a badly personalised chip does: the image bytes are no image
 * (their JPEG start is overwritten). Applied before signing, so DG2 still matches its hash.
 */
export function damageFacialRecord(record: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(record);
  const imageStart = 14 + 20 + 12;
  copy.fill(0x00, imageStart, imageStart + 16);
  return copy;
}

export interface ChipOptions {
  citizen?: Citizen;
  face?: { image: Uint8Array; type: 'jpeg' | 'jp2'; width: number; height: number };
  signer: TestAuthority;
  /** Changes a data group after the SOD was signed (a tampered chip). */
  tamper?: (groups: Map<number, Uint8Array>) => void;
  /** Leaves EF.SOD off the chip. */
  withoutSod?: boolean;
  /** A face whose image bytes are broken, signed as it is (damaged, not tampered). */
  damagedFace?: boolean;
  /** LDS version written in EF.COM ("aabb"); 1.7 by default. */
  ldsVersion?: string;
}

function chipFiles(com: Uint8Array, groups: Map<number, Uint8Array>, options: ChipOptions): CardFiles {
  const sod = buildSod(groups, options.signer);
  options.tamper?.(groups);
  const ids: Record<number, number> = { 1: 0x0101, 2: 0x0102, 11: 0x010b, 13: 0x010d };
  const files: CardFiles = new Map([[0x011e, com]]);
  for (const [n, bytes] of groups) files.set(ids[n]!, bytes);
  if (!options.withoutSod) files.set(0x011d, sod);
  return files;
}

function faceGroup(options: ChipOptions): Uint8Array {
  const face = options.face ?? { image: faceJpeg(), type: 'jpeg' as const, width: 48, height: 32 };
  const record = facialRecord(face.image, face.type, face.width, face.height);
  return buildDg2(options.damagedFace ? damageFacialRecord(record) : record);
}

/** The files of a synthetic Vietnamese CCCD chip: EF.COM, DG1, DG2, DG13, EF.SOD. */
export function buildChipFiles(options: ChipOptions): CardFiles {
  const citizen = options.citizen ?? syntheticCitizen;
  const groups = new Map<number, Uint8Array>([
    [1, buildDg1(td1Mrz(citizen))],
    [2, faceGroup(options)],
    [13, buildDg13(citizen)],
  ]);
  return chipFiles(buildCom([1, 2, 13], options.ldsVersion), groups, options);
}

/**
 * A traveller who does not exist, with a German-style ePassport: an 8-character passport number
 * (so the MRZ pads it with '<'), a one-letter state code ("D<<"), an empty personal number.
 */
export const syntheticTraveller = {
  documentNumber: 'CZ6311T4',
  issuingState: 'D',
  nationality: 'D',
  primaryIdentifier: 'MUELLER',
  secondaryIdentifier: 'ANNA MARIA',
  birthYymmdd: '850214',
  birthIso: '1985-02-14',
  sex: 'F',
  expiryYymmdd: '330901',
  expiryIso: '2033-09-01',
  personalNumber: '',
} as const;

export type Traveller = typeof syntheticTraveller;

/** The BAC key of the traveller's passport, as its MRZ gives it. */
export function travellerKey(traveller: Traveller = syntheticTraveller): { documentNumber: string; birthDate: string; expiryDate: string } {
  return { documentNumber: traveller.documentNumber, birthDate: traveller.birthYymmdd, expiryDate: traveller.expiryYymmdd };
}

/** A TD3 MRZ (2 × 44) for the traveller, with correct check digits (ICAO 9303 Part 4 §4.2.2). */
export function td3Mrz(traveller: Traveller = syntheticTraveller): string {
  const field = (value: string, width: number) => value.replaceAll(' ', '<').padEnd(width, '<');
  const name = `${traveller.primaryIdentifier}<<${traveller.secondaryIdentifier}`.replaceAll(' ', '<');
  const line1 = `P<${field(traveller.issuingState, 3)}${name}`.padEnd(44, '<').slice(0, 44);
  const number = field(traveller.documentNumber, 9);
  const personal = field(traveller.personalNumber, 14);
  const personalCheck = traveller.personalNumber ? mrzCheckDigit(personal) : '<';
  const head = `${number}${mrzCheckDigit(number)}${field(traveller.nationality, 3)}${traveller.birthYymmdd}${mrzCheckDigit(traveller.birthYymmdd)}${traveller.sex}${traveller.expiryYymmdd}${mrzCheckDigit(traveller.expiryYymmdd)}${personal}${personalCheck}`;
  const composite = mrzCheckDigit(head.slice(0, 10) + head.slice(13, 20) + head.slice(21, 43));
  return `${line1}\n${head}${composite}`;
}

/** The files of a synthetic ePassport: EF.COM, DG1 (TD3), DG2, EF.SOD; no DG13. */
export function buildPassportFiles(options: ChipOptions & { traveller?: Traveller; mrz?: string }): CardFiles {
  const groups = new Map<number, Uint8Array>([
    [1, buildDg1(options.mrz ?? td3Mrz(options.traveller))],
    [2, faceGroup(options)],
  ]);
  return chipFiles(buildCom([1, 2], options.ldsVersion), groups, options);
}
