import { COMPONENT_FORM_NAMES } from '../catalog/procedure';
import { drawFormHeader, drawSignatures, drawTrainingMark, formatFormTime } from './formParts';
import type { ReceiptData } from './formTypes';
import { FormWriter, type FormFonts } from './formWriter';

/** Which copy a page is; the receipt is printed twice (Thông tư 01/2018/TT-VPCP, Mẫu 01). */
export const RECEIPT_COPIES = ['Liên 1: Giao người nộp hồ sơ', 'Liên 2: Lưu tại Bộ phận Tiếp nhận và Trả kết quả'] as const;

/**
 * Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as a PDF of two A4 pages (one per copy), each
 * with every field of the form and a QR code of the dossier code that the desk scans to find the
 * dossier again when the citizen comes back for the result.
 */
export async function renderReceipt(data: ReceiptData, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const writer = await FormWriter.create(fonts, `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${data.dossierCode}`);
  for (const copy of RECEIPT_COPIES) {
    writer.newPage();
    if (data.training) drawTrainingMark(writer);
    drawFormHeader(writer, data.agency, data.receivedAt);
    const qrSize = 78;
    const qrTop = writer.y + 6;
    writer.qr(data.dossierCode, writer.left + writer.textWidth - qrSize, qrTop, qrSize);
    writer.text('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', { style: 'bold', size: 14, align: 'center', width: writer.textWidth - qrSize, x: writer.left });
    writer.text(`Mã hồ sơ: ${data.dossierCode}`, { style: 'bold', size: 12, align: 'center', width: writer.textWidth - qrSize, x: writer.left });
    writer.y = Math.min(writer.y, qrTop - qrSize) - 6;
    writer.text(`${data.agency.unitName}: ${data.agency.parentName}`);
    writer.text(`Tiếp nhận hồ sơ của: ${data.applicant.name}`);
    writer.text(`Địa chỉ: ${data.applicant.address ?? '……………………………………'}`);
    writer.text(`Số điện thoại: ${data.applicant.phone ?? '…………………'}      Email: ${data.applicant.email ?? '…………………'}`);
    writer.text(`Nội dung yêu cầu giải quyết: ${data.requestContent}`);
    writer.gap(2);
    writer.text('1. Thành phần hồ sơ nộp gồm:');
    writer.table(
      [
        { title: 'TT', weight: 0.5, align: 'center' },
        { title: 'Tên giấy tờ', weight: 5 },
        { title: 'Hình thức (bản chính, bản sao, bản chụp)', weight: 2.2, align: 'center' },
        { title: 'Ghi chú', weight: 1.6 },
      ],
      data.components.map((component, index) => [
        String(index + 1),
        component.name,
        component.copies > 1 ? `${COMPONENT_FORM_NAMES[component.form]} (${component.copies} bản)` : COMPONENT_FORM_NAMES[component.form],
        component.note ?? '',
      ]),
    );
    writer.gap(4);
    writer.text(`2. Số lượng hồ sơ: ${String(data.setCount).padStart(2, '0')} (bộ)`);
    writer.text(`3. Thời gian giải quyết hồ sơ theo quy định là: ${data.processingDays} ngày làm việc`);
    writer.text(`4. Thời gian nhận hồ sơ: ${formatFormTime(data.receivedAt)}`);
    writer.text(`5. Thời gian trả kết quả giải quyết hồ sơ: ${formatFormTime(data.dueAt)}`);
    writer.text(`6. Đăng ký nhận kết quả tại: ${data.resultPlace}`);
    if (data.filesFingerprint) writer.text(`Mã đối chiếu tệp số hóa (SHA-256): ${data.filesFingerprint}`);
    writer.text(`Vào Sổ theo dõi hồ sơ, Quyển số: ${data.registerBook?.book ?? '……'}   Số thứ tự: ${data.registerBook?.line ?? '……'}`);
    drawSignatures(writer, [{ title: 'Người nộp hồ sơ', name: data.applicant.name }, { title: 'Người tiếp nhận hồ sơ', name: data.officerName }]);
    writer.gap(10);
    writer.text(copy, { style: 'italic', size: 10 });
  }
  return writer.save();
}
