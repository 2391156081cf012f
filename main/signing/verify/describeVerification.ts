import type { PdfVerification, SignatureReport } from './verifyPdfSignatures';

const VERDICTS: Record<SignatureReport['verdict'], string> = {
  valid: 'HỢP LỆ',
  invalid: 'KHÔNG HỢP LỆ',
  indeterminate: 'CHƯA XÁC ĐỊNH ĐƯỢC (chữ ký đúng nhưng chưa chứng minh được độ tin cậy)',
};

/** A PDF date (D:YYYYMMDDHHmmSS+07'00') as ISO 8601, or the text as it is when it is not one. */
export function pdfDateToIso(value: string): string {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'?(\d{2})'?|Z)?/u.exec(value);
  if (!m) return value;
  const offset = m[7] ? `${m[7]}${m[8]}:${m[9]}` : 'Z';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset === '+00:00' ? 'Z' : offset}`;
}

function describeSignature(report: SignatureReport, index: number): string[] {
  const lines = [`Chữ ký ${index + 1} (trường ${report.field}): ${VERDICTS[report.verdict]}`];
  if (report.signer) {
    lines.push(`  Người ký: ${report.signer.subject}`);
    lines.push(`  Chứng thư số: số hiệu ${report.signer.serialNumber}, hiệu lực ${report.signer.notBefore.slice(0, 10)} đến ${report.signer.notAfter.slice(0, 10)}`);
  } else lines.push('  Người ký: không xác định được (không có chứng thư số của người ký trong chữ ký)');
  lines.push(`  Chữ ký số: ${report.signatureValid ? 'đúng với chứng thư số của người ký' : 'SAI hoặc không kiểm tra được'}`);
  if (report.subFilter === 'ETSI.CAdES.detached') {
    lines.push(
      `  Thuộc tính signing-certificate-v2: ${report.signingCertificate === 'v2-matches' ? 'khớp chứng thư số người ký' : report.signingCertificate === 'absent' ? 'KHÔNG CÓ' : 'KHÔNG KHỚP'}`,
    );
  }
  lines.push(
    report.chain.trusted
      ? `  Chuỗi chứng thư: tin cậy (${report.chain.path.join(' → ')})`
      : `  Chuỗi chứng thư: KHÔNG tin cậy${report.chain.path.length ? ` (${report.chain.path.join(' → ')})` : ''}: ${report.chain.problems.join('; ')}`,
  );
  if (report.timestamp) {
    const stamp = report.timestamp;
    lines.push(
      `  Thời gian ký: ${stamp.time || 'không đọc được'} theo dấu thời gian${stamp.authority ? ` của ${stamp.authority}` : ''} (${stamp.valid ? (stamp.trusted ? 'hợp lệ, tin cậy' : 'hợp lệ, máy chủ dấu thời gian chưa được tin cậy') : 'KHÔNG HỢP LỆ'})`,
    );
    if (report.claimedTime) lines.push(`  Thời gian người ký khai (/M): ${pdfDateToIso(report.claimedTime)}`);
  } else {
    lines.push(`  Thời gian ký: ${report.claimedTime ? pdfDateToIso(report.claimedTime) : 'không ghi'} (do máy người ký khai; không có dấu thời gian)`);
  }
  lines.push(
    !report.intact
      ? '  Toàn vẹn: NỘI DUNG ĐÃ BỊ THAY ĐỔI sau khi ký (dữ liệu được ký không còn khớp chữ ký)'
      : report.changedAfter === 'none'
        ? '  Toàn vẹn: tài liệu không bị thay đổi sau khi ký (chữ ký bao trùm toàn bộ tệp)'
        : report.changedAfter === 'later-signatures'
          ? '  Toàn vẹn: phần được ký không đổi; sau đó tệp có thêm chữ ký khác'
          : '  Toàn vẹn: phần được ký không đổi, nhưng tệp ĐÃ ĐƯỢC BỔ SUNG nội dung sau khi ký',
  );
  lines.push(`  Dữ liệu kiểm tra thu hồi (CRL/OCSP): ${report.revocation.present ? `có (${report.revocation.sources.join(', ')})` : 'không có trong tệp'}`);
  lines.push(`  Chuẩn chữ ký: ${report.level}${report.subFilter ? ` (${report.subFilter})` : ''}`);
  if (report.problems.length > 0) lines.push(`  Chi tiết kỹ thuật: ${report.problems.join('; ')}`);
  return lines;
}

/** The verification in Vietnamese, one block per signature and a conclusion, as `verify-pdf` prints it. */
export function describeVerification(file: string, verification: PdfVerification): string {
  const lines = [`Tệp: ${file}`];
  if (verification.verdict === 'unreadable') {
    lines.push(`Kết luận: KHÔNG ĐỌC ĐƯỢC — tệp không phải PDF đọc được (${verification.problems.join('; ')})`);
    return `${lines.join('\n')}\n`;
  }
  if (verification.verdict === 'unsigned') {
    lines.push('Kết luận: tệp KHÔNG CÓ chữ ký số.');
    return `${lines.join('\n')}\n`;
  }
  verification.signatures.forEach((report, i) => lines.push(...describeSignature(report, i)));
  lines.push(
    verification.verdict === 'valid'
      ? `Kết luận: HỢP LỆ — ${verification.signatures.length} chữ ký, tất cả hợp lệ và tin cậy.`
      : 'Kết luận: KHÔNG HỢP LỆ — có chữ ký sai, không tin cậy hoặc tài liệu đã bị thay đổi.',
  );
  return `${lines.join('\n')}\n`;
}
