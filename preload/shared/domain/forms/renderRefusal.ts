import { drawFormHeader, drawSignatures, drawTrainingMark } from './formParts';
import type { RefusalData } from './formTypes';
import { FormWriter, type FormFonts } from './formWriter';

/** Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ", stating every reason. */
export async function renderRefusal(data: RefusalData, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const writer = await FormWriter.create(fonts, 'Phiếu từ chối tiếp nhận giải quyết hồ sơ');
  writer.newPage();
  if (data.training) drawTrainingMark(writer);
  drawFormHeader(writer, data.agency, data.issuedAt);
  writer.text('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', { style: 'bold', size: 14, align: 'center' });
  if (data.dossierCode) writer.text(`Mã hồ sơ: ${data.dossierCode}`, { style: 'bold', align: 'center' });
  writer.gap(6);
  writer.text(`${data.agency.unitName}: ${data.agency.parentName}`);
  writer.text(`Tiếp nhận hồ sơ của: ${data.applicant.name}`);
  writer.text(`Địa chỉ: ${data.applicant.address ?? '……………………………………'}`);
  writer.text(`Số điện thoại: ${data.applicant.phone ?? '…………………'}      Email: ${data.applicant.email ?? '…………………'}`);
  writer.text(`Nội dung yêu cầu giải quyết: ${data.requestContent}`);
  writer.gap(4);
  writer.text('Qua xem xét, cơ quan tiếp nhận thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:');
  data.reasons.forEach((reason, index) => writer.text(`${index + 1}. ${reason}`, { x: writer.left + 14, width: writer.textWidth - 14 }));
  writer.text('Xin thông báo cho Ông/Bà được biết và thực hiện./.');
  drawSignatures(writer, [{ title: 'Người nộp hồ sơ', name: data.applicant.name }, { title: 'Người tiếp nhận hồ sơ', name: data.officerName }]);
  return writer.save();
}
