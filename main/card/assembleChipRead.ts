import type { X509Certificate } from 'node:crypto';
import type { ChipReadResult } from '../../preload/contract/card';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { CardDataError } from './cardDataError';
import { cardFailureMessage } from './cardFailure';
import { citizenFromChip, isCccd } from './citizenFromChip';
import { displayableFace } from './displayableFace';
import { MRZ_LINE_WIDTH, parseDg1 } from './parseDg1';
import { parseDg13, type VietnamDg13 } from './parseDg13';
import { parseDg2 } from './parseDg2';
import { parseSod, type SecurityObject } from './parseSod';
import { passiveAuthentication, withoutSecurityObject, type PassiveAuthResult } from './passiveAuthentication';
import type { EmrtdFiles } from './readEmrtd';

/** What each data group holds, to name it in a message. */
const groupNames: Record<number, string> = { 1: 'DG1 – dòng MRZ', 2: 'DG2 – ảnh khuôn mặt', 13: 'DG13 – thông tin công dân' };

/** Vietnamese reasons for an unverified read, for the officer (the badge's hint). */
export const unverifiedReasons = {
  noSod: 'Chip không có EF.SOD (dữ liệu ký số của cơ quan cấp), không đối chiếu được dữ liệu.',
  sodUnreadable: 'Không đọc được EF.SOD trên chip, không đối chiếu được dữ liệu.',
  sodDamaged: 'EF.SOD trên chip bị hỏng, không đối chiếu được dữ liệu.',
  faceDamaged: 'Ảnh khuôn mặt trên chip bị hỏng, không hiển thị được.',
  dg13Damaged: 'Thông tin tiếng Việt (DG13) trên chip bị hỏng; họ tên và ngày sinh lấy từ dòng MRZ.',
  noCsca: 'Chưa có chứng thư CSCA nào trong kho tin cậy để kiểm tra chữ ký của cơ quan cấp.',
  untrusted: 'Chữ ký trên chip đúng nhưng không do CSCA nào trong kho tin cậy cấp.',
  signatureUnchecked: 'EF.SOD không mang chứng thư ký đọc được, không kiểm tra được chữ ký số của cơ quan cấp.',
} as const;

/**
 * Data that does not match its hash in the SOD (or a SOD whose signature fails) is refused: that
 * is tampering, not damage. The message names the data groups.
 */
export function tamperedFailure(result: PassiveAuthResult): DeskFailure {
  const groups = result.hashMismatches.map((n) => groupNames[n] ?? `DG${n}`);
  const message = groups.length > 0
    ? `Dữ liệu trên chip (${groups.join(', ')}) không khớp giá trị băm trong chữ ký số của cơ quan cấp: dữ liệu đã bị sửa đổi. Không dùng dữ liệu này; hãy kiểm tra giấy tờ gốc.`
    : cardFailureMessage('tampered');
  return new DeskFailure('card-tampered', message, result.problems.join('; '));
}

function securityObject(files: EmrtdFiles, reasons: string[]): SecurityObject | PassiveAuthResult {
  const unreadable = files.unreadable.get('EF.SOD');
  if (!files.sod) {
    reasons.push(unreadable ? unverifiedReasons.sodUnreadable : unverifiedReasons.noSod);
    return withoutSecurityObject(unreadable ? `EF.SOD unreadable: ${unreadable}` : 'the chip has no EF.SOD');
  }
  try {
    return parseSod(files.sod);
  } catch (error) {
    if (!(error instanceof CardDataError)) throw error;
    reasons.push(unverifiedReasons.sodDamaged);
    return withoutSecurityObject(`EF.SOD does not parse: ${error.message}`);
  }
}

async function face(files: EmrtdFiles, reasons: string[], problems: string[]): Promise<ChipReadResult['face']> {
  const unreadable = files.unreadable.get('DG2');
  const dg2 = files.dataGroups.get(2);
  if (unreadable || !dg2) {
    if (unreadable) {
      reasons.push(unverifiedReasons.faceDamaged);
      problems.push(`DG2 unreadable: ${unreadable}`);
    }
    return undefined;
  }
  try {
    const image = parseDg2(dg2);
    const shown = await displayableFace(image);
    return { mime: shown.mime, data: shown.data, sourceMime: image.mime, ...(shown.width ? { width: shown.width } : {}), ...(shown.height ? { height: shown.height } : {}) };
  } catch (error) {
    if (!(error instanceof CardDataError)) throw error;
    reasons.push(unverifiedReasons.faceDamaged);
    problems.push(`DG2 face damaged: ${error.message}`);
    return undefined;
  }
}

function dg13Of(files: EmrtdFiles, reasons: string[], problems: string[]): VietnamDg13 | undefined {
  const dg13 = files.dataGroups.get(13);
  if (!dg13) return undefined;
  try {
    return parseDg13(dg13);
  } catch (error) {
    if (!(error instanceof CardDataError)) throw error;
    reasons.push(unverifiedReasons.dg13Damaged);
    problems.push(`DG13 damaged: ${error.message}`);
    return undefined;
  }
}

/**
 * Turns the files read from a chip into what the officer gets. DG1 must parse (TD1 or TD3), or
 * nothing can be filled. Data groups are checked against the SOD first, and any mismatch is
 * refused as tampered. A chip without a usable SOD, or with a damaged face or DG13, is still read
 * and marked `unverified` with the reasons; `verified` needs every check to hold and nothing damaged.
 */
export async function assembleChipRead(
  files: EmrtdFiles,
  trust: { certificates: X509Certificate[]; problems: string[] },
  reader: string,
  today: Date = new Date(),
): Promise<ChipReadResult> {
  const reasons: string[] = [];
  const sod = securityObject(files, reasons);
  const authentication = 'status' in sod ? sod : passiveAuthentication(sod, files.dataGroups, trust.certificates);
  // Hashes first: a changed DG1 is tampering even when it no longer parses.
  if (authentication.status === 'tampered') throw tamperedFailure(authentication);
  if ('hashes' in sod && !authentication.trustedBy) {
    reasons.push(!authentication.signatureValid ? unverifiedReasons.signatureUnchecked : trust.certificates.length === 0 ? unverifiedReasons.noCsca : unverifiedReasons.untrusted);
  }
  const mrz = parseDg1(files.dataGroups.get(1) ?? new Uint8Array(0));
  const problems = [...authentication.problems];
  const shown = await face(files, reasons, problems);
  // DG13 holds Vietnamese fields only on a CCCD; another country's DG13 is hashed but not read.
  const dg13 = isCccd(mrz) ? dg13Of(files, reasons, problems) : undefined;
  const verified = authentication.status === 'verified' && reasons.length === 0;
  return {
    reader,
    documentNumber: mrz.documentNumber,
    documentFormat: mrz.format,
    citizen: citizenFromChip(mrz, dg13, today),
    ...(shown ? { face: shown } : {}),
    authentication: {
      status: verified ? 'verified' : 'unverified',
      hashesChecked: authentication.hashesChecked,
      signatureValid: authentication.signatureValid,
      ...(authentication.trustedBy ? { trustedBy: authentication.trustedBy } : {}),
      ...(authentication.documentSigner ? { documentSigner: authentication.documentSigner } : {}),
      problems: [...problems, ...trust.problems],
      reasons,
    },
    dataGroups: [...files.dataGroups.keys()],
    mrz: mrz.text.match(new RegExp(`.{1,${MRZ_LINE_WIDTH[mrz.format]}}`, 'gu'))?.join('\n') ?? mrz.text,
  };
}
