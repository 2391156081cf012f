import { drawFormHeader, drawTrainingMark, formatFormDate, formatFormTime } from './formParts';
import type { ApologyData } from './formTypes';
import { FormWriter, type FormFonts } from './formWriter';

/** Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" for a dossier that will be late. */
export async function renderApology(data: ApologyData, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const writer = await FormWriter.create(fonts, 'Phiếu xin lỗi và hẹn lại ngày trả kết quả');
  writer.newPage();
  if (data.training) drawTrainingMark(writer);
  drawFormHeader(writer, data.agency, data.issuedAt);
  writer.text('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', { style: 'bold', size: 14, align: 'center' });
  writer.gap(6);
  writer.text(`Kính gửi: Ông/Bà ${data.applicant.name}`, { align: 'center' });
  writer.gap(4);
  writer.text(
    `Ngày ${formatFormDate(data.receivedAt)}, ${data.agency.parentName} tiếp nhận hồ sơ đề nghị giải quyết thủ tục ${data.requestContent} của Ông/Bà; ` +
      `mã hồ sơ ${data.dossierCode}.`,
  );
  writer.text(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${formatFormTime(data.originalDueAt)}.`);
  writer.text(`Tuy nhiên đến nay, ${data.agency.parentName} chưa trả kết quả giải quyết hồ sơ của Ông/Bà.`);
  writer.text(`Lý do: ${data.reason}`);
  writer.text(
    `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. ${data.agency.parentName} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào lúc ${formatFormTime(data.newDueAt)}.`,
  );
  writer.text('Xin trân trọng cảm ơn./.');
  writer.gap(10);
  writer.columns([
    { lines: [{ text: ' ' }] },
    {
      lines: [
        { text: data.signerTitle.toUpperCase(), style: 'bold' },
        { text: '(Ký, ghi rõ họ tên và đóng dấu)', style: 'italic', size: 11 },
        { text: ' ', size: 40 },
        { text: data.signerName, style: 'bold' },
      ],
    },
  ]);
  return writer.save();
}
