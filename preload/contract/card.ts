import { z } from 'zod';
import { defineService } from './defineService';

/**
 * What BAC is keyed with: the MRZ fields printed on the card (ICAO 9303 Part 11 §9.7.2). The one
 * definition the contract, the MRZ and QR readers and the chip reader use.
 */
export const BacKey = z.object({
  /**
   * Document number as in the MRZ: for a CCCD the last 9 digits of the ID number; for a passport
   * its number, up to 9 letters and digits, '<' as filler (ICAO 9303 Part 4).
   */
  documentNumber: z.string().regex(/^[0-9A-Za-z<]{1,9}$/),
  /** YYMMDD */
  birthDate: z.string().regex(/^\d{6}$/),
  /** YYMMDD */
  expiryDate: z.string().regex(/^\d{6}$/),
});
export type BacKey = z.infer<typeof BacKey>;

/** Where the BAC keys come from: the MRZ (typed or OCR'd), the CCCD QR code, or typed fields. */
export const CardKeySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mrz'), text: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('qr'), payload: z.string().min(1).max(2000) }),
  z.object({ kind: z.literal('fields'), ...BacKey.shape }),
]);
export type CardKeySource = z.infer<typeof CardKeySource>;

export const CardReaderInfo = z.object({
  name: z.string(),
  cardPresent: z.boolean(),
  /** ATR of the card in the reader, hex. */
  atr: z.string().optional(),
});
export type CardReaderInfo = z.infer<typeof CardReaderInfo>;

export const ChipAuthentication = z.object({
  /** `verified`: hashes, SOD signature and CSCA chain all hold; `unverified`: something could not be checked. */
  status: z.enum(['verified', 'unverified']),
  hashesChecked: z.array(z.number().int()),
  signatureValid: z.boolean(),
  trustedBy: z.string().optional(),
  documentSigner: z.string().optional(),
  /** Why the status is not `verified` (technical, for the log and the detail line). */
  problems: z.array(z.string()),
  /** Why the status is not `verified`, in Vietnamese for the officer (e.g. "Chip không có EF.SOD"). */
  reasons: z.array(z.string()).optional(),
});
export type ChipAuthentication = z.infer<typeof ChipAuthentication>;

/** What the chip is: a Vietnamese CCCD, a passport (TD3), or another country's ID card (TD1). */
export const ChipDocumentType = z.enum(['cccd', 'passport', 'id-card']);
export type ChipDocumentType = z.infer<typeof ChipDocumentType>;

export const ChipCitizen = z.object({
  /** Absent only from readers older than passports: then it is a CCCD. */
  documentType: ChipDocumentType.optional(),
  /** The 12-digit CCCD number; for a passport or a foreign ID card, the document number. */
  idNumber: z.string(),
  fullName: z.string(),
  /** ISO YYYY-MM-DD, or '' when the chip gives none. */
  birthDate: z.string(),
  gender: z.enum(['', 'male', 'female']),
  nationality: z.string().optional(),
  ethnicity: z.string().optional(),
  religion: z.string().optional(),
  placeOfOrigin: z.string().optional(),
  placeOfResidence: z.string().optional(),
  identifyingMarks: z.string().optional(),
  issueDate: z.string().optional(),
  expiryDate: z.string().optional(),
  fatherName: z.string().optional(),
  motherName: z.string().optional(),
  spouseName: z.string().optional(),
  oldIdNumber: z.string().optional(),
  /** ICAO code of the issuing state or organisation (VNM, FRA, D …), from the MRZ. */
  issuingState: z.string().optional(),
  /** MRZ name parts of a passport or foreign ID card: primary (surname) and secondary (given names). */
  primaryIdentifier: z.string().optional(),
  secondaryIdentifier: z.string().optional(),
});
export type ChipCitizen = z.infer<typeof ChipCitizen>;

export const ChipFace = z.object({
  /** What the renderer can show: JPEG faces as they are, JPEG 2000 converted to PNG in main. */
  mime: z.enum(['image/jpeg', 'image/png']),
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'cần dữ liệu nhị phân'),
  /** The format stored on the chip. */
  sourceMime: z.enum(['image/jpeg', 'image/jp2']),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});
export type ChipFace = z.infer<typeof ChipFace>;

export const ChipReadResult = z.object({
  reader: z.string(),
  documentNumber: z.string(),
  citizen: ChipCitizen,
  face: ChipFace.optional(),
  authentication: ChipAuthentication,
  dataGroups: z.array(z.number().int()),
  /** The MRZ of DG1 as printed: three lines of 30 (TD1) or two lines of 44 (TD3). */
  mrz: z.string(),
  /** The MRZ layout of DG1. */
  documentFormat: z.enum(['TD1', 'TD3']).optional(),
});
export type ChipReadResult = z.infer<typeof ChipReadResult>;

export const CardReaderEvent = z.object({ reader: z.string(), event: z.enum(['added', 'removed']) });
export const CardPresenceEvent = z.object({ reader: z.string(), event: z.enum(['inserted', 'removed']), atr: z.string().optional() });
export const CardReadProgress = z.object({
  reader: z.string(),
  step: z.enum(['select', 'authenticate', 'read', 'verify']),
  file: z.string().optional(),
  bytesRead: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
});
export type CardReadProgress = z.infer<typeof CardReadProgress>;

export const QrScannerInfo = z.object({ id: z.string(), name: z.string(), mode: z.enum(['hid-pos', 'keyboard']) });
/** A code read by a USB QR scanner (HID POS, or a keyboard-mode scanner read directly). */
export const QrScanned = z.object({ payload: z.string(), scanner: z.string() });

/**
 * Chip ID cards (CCCD) and ePassports (ICAO 9303 eMRTD) on PC/SC readers. The chip is opened with BAC keys from
 * the MRZ, the QR code or typed fields; its data is checked by passive authentication and the
 * result says honestly whether it was verified. Events follow readers and cards as they come and go.
 */
export const cardService = defineService(
  'card',
  {
    listReaders: { args: z.tuple([]), result: z.array(CardReaderInfo) },
    /** Reads the chip in `reader` (or the only reader with a card when null). */
    read: { args: z.tuple([z.string().min(1).max(200).nullable(), CardKeySource]), result: ChipReadResult },
    /** USB QR scanners in use (HID POS ones are found by themselves); looks for new ones first. */
    listQrScanners: { args: z.tuple([]), result: z.array(QrScannerInfo) },
  },
  {
    reader: CardReaderEvent,
    card: CardPresenceEvent,
    progress: CardReadProgress,
    qr: QrScanned,
  },
);
