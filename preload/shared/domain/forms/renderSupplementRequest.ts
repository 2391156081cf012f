import { drawFormHeader, drawSignatures, drawTrainingMark } from './formParts';
import type { SupplementRequestData } from './formTypes';
import { FormWriter, type FormFonts } from './formWriter';

/** Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": what the citizen must add, and whom to call. */
export async function renderSupplementRequest(data: SupplementRequestData, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  const writer = await FormWriter.create(fonts, 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
  writer.newPage();
  if (data.training) drawTrainingMark(writer);
  drawFormHeader(writer, data.agency, data.issuedAt);
  writer.text('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', { style: 'bold', size: 14, align: 'center' });
  if (data.dossierCode) writer.text(`Mã hồ sơ: ${data.dossierCode}`, { style: 'bold', align: 'center' });
  writer.gap(6);
  writer.text(`Hồ sơ của: ${data.applicant.name}`);
  writer.text(`Địa chỉ: ${data.applicant.address ?? '……………………………………'}`);
  writer.text(`Số điện thoại: ${data.applicant.phone ?? '…………………'}      Email: ${data.applicant.email ?? '…………………'}`);
  writer.text(`Nội dung yêu cầu giải quyết: ${data.requestContent}`);
  writer.gap(4);
  writer.text('Sau khi nghiên cứu, đối chiếu thành phần hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:');
  data.items.forEach((item, index) => writer.text(`${index + 1}. ${item}`, { x: writer.left + 14, width: writer.textWidth - 14 }));
  if (data.reason) writer.text(`Lý do: ${data.reason}`);
  writer.text(
    `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ${data.officerName}` +
      `${data.agency.phone ? `, số điện thoại ${data.agency.phone}` : ''} để được hướng dẫn./.`,
  );
  drawSignatures(writer, [{ title: 'Người nộp hồ sơ', name: data.applicant.name }, { title: 'Người hướng dẫn', name: data.officerName }]);
  return writer.save();
}
