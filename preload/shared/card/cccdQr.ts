/**
 * The QR code on the front of a CCCD / căn cước card:
 * `CCCD|CMND(9)|Full name|DDMMYYYY|Gender|Address|DDMMYYYY(issue)`. Pure parsing, shared by main
 * (CLI, HID scanners) and the renderer (keyboard-wedge scanners typing into the form).
 */

export interface CccdQrData {
  idNumber: string;
  /** The old 9-digit CMND number, when the card carries it. */
  oldIdNumber: string | undefined;
  fullName: string;
  /** ISO YYYY-MM-DD */
  birthDate: string;
  gender: 'male' | 'female' | undefined;
  address: string;
  /** ISO YYYY-MM-DD */
  issueDate: string;
}

export type CccdQrProblem = 'fields' | 'idNumber' | 'birthDate' | 'issueDate' | 'fullName';

/** Vietnamese explanations for the officer. */
export const cccdQrProblemMessages: Record<CccdQrProblem, string> = {
  fields: 'Mã QR không phải mã QR của thẻ CCCD (thiếu trường dữ liệu).',
  idNumber: 'Số CCCD trong mã QR không hợp lệ (phải có 12 chữ số).',
  birthDate: 'Ngày sinh trong mã QR không hợp lệ.',
  issueDate: 'Ngày cấp trong mã QR không hợp lệ.',
  fullName: 'Họ tên trong mã QR bị trống.',
};

/** DDMMYYYY to ISO, only for a real calendar date. */
export function ddmmyyyyToIso(value: string): string | undefined {
  const match = /^(\d{2})\/?(\d{2})\/?(\d{4})$/u.exec(value.trim());
  if (!match) return undefined;
  const [, dd, mm, yyyy] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (date.getUTCFullYear() !== Number(yyyy) || date.getUTCMonth() !== Number(mm) - 1 || date.getUTCDate() !== Number(dd)) return undefined;
  return `${yyyy}-${mm}-${dd}`;
}

/** "Nam" / "Nữ" (with or without accents, any case) to the form's gender. */
export function genderFromVietnamese(value: string): 'male' | 'female' | undefined {
  const folded = value.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').trim().toLowerCase();
  if (folded === 'nam' || folded === 'm' || folded === 'male') return 'male';
  if (folded === 'nu' || folded === 'f' || folded === 'female') return 'female';
  return undefined;
}

/**
 * Parses a CCCD QR payload. Scanners that type the code (keyboard wedge) may add a trailing
 * newline or replace the separators' neighbours with spaces, so fields are trimmed.
 */
export function parseCccdQr(payload: string): { ok: true; value: CccdQrData } | { ok: false; problem: CccdQrProblem } {
  const fields = payload.replace(/[\r\n]+$/u, '').split('|').map((field) => field.trim());
  if (fields.length < 7) return { ok: false, problem: 'fields' };
  const [idNumber, oldId, fullName, birth, gender, address, issue] = fields as [string, string, string, string, string, string, string];
  if (!/^\d{12}$/u.test(idNumber)) return { ok: false, problem: 'idNumber' };
  if (!fullName) return { ok: false, problem: 'fullName' };
  const birthDate = ddmmyyyyToIso(birth);
  if (!birthDate) return { ok: false, problem: 'birthDate' };
  const issueDate = ddmmyyyyToIso(issue);
  if (!issueDate) return { ok: false, problem: 'issueDate' };
  return {
    ok: true,
    value: { idNumber, oldIdNumber: /^\d{9}$/u.test(oldId) ? oldId : undefined, fullName: fullName.normalize('NFC'), birthDate, gender: genderFromVietnamese(gender), address: address.normalize('NFC'), issueDate },
  };
}
