import { drawFormHeader, drawTrainingMark, formatFormTime } from './formParts';
import type { ControlSheetData } from './formTypes';
import { FormWriter, type FormFonts } from './formWriter';

const BLANK_TIME = '…giờ…phút, ngày…/…/……';

/**
 * "Phiếu kiểm soát quá trình giải quyết hồ sơ": travels with the paper dossier; each hand-over
 * between units is a row with the time and the result (before, on or after the due date).
 */
export async function renderControlSheet(data: ControlSheetData, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const writer = await FormWriter.create(fonts, `Phiếu kiểm soát quá trình giải quyết hồ sơ ${data.dossierCode}`);
  writer.newPage();
  if (data.training) drawTrainingMark(writer);
  drawFormHeader(writer, data.agency, data.receivedAt);
  writer.text('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', { style: 'bold', size: 14, align: 'center' });
  writer.text(`Mã hồ sơ: ${data.dossierCode}`, { style: 'bold', align: 'center' });
  writer.gap(4);
  writer.text(`Kèm theo hồ sơ của: ${data.applicant.name}`);
  writer.text(`Nội dung yêu cầu giải quyết: ${data.requestContent}`);
  writer.text(`Ngày nhận hồ sơ: ${formatFormTime(data.receivedAt)}`);
  writer.text(`Ngày hẹn trả kết quả: ${formatFormTime(data.dueAt)}`);
  writer.gap(4);
  const rows = data.steps.map((step, index) => [
    `${index + 1}. Giao: ${step.from}\nNhận: ${step.to}`,
    `${step.at ? formatFormTime(step.at) : BLANK_TIME}\nNgười giao            Người nhận\n\n`,
    step.result ?? '',
    step.note ?? '',
  ]);
  for (let blank = 0; blank < (data.blankRows ?? 3); blank += 1) {
    rows.push([`${rows.length + 1}. Giao: ……………………\nNhận: ……………………`, `${BLANK_TIME}\nNgười giao            Người nhận\n\n`, '', '']);
  }
  writer.table(
    [
      { title: 'TÊN CƠ QUAN', weight: 3 },
      { title: 'THỜI GIAN GIAO, NHẬN HỒ SƠ', weight: 3.2 },
      { title: 'KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)', weight: 2.4 },
      { title: 'GHI CHÚ', weight: 1.4 },
    ],
    rows,
    { size: 10 },
  );
  return writer.save();
}
