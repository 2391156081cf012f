import { degrees, rgb } from 'pdf-lib';
import { toVietnamClock } from '../calendar/localDate';
import type { FormAgency } from './formTypes';
import type { FormWriter } from './formWriter';

/**
 * Pieces shared by the one-stop forms of Thông tư 01/2018/TT-VPCP: the two-column header with the
 * national motto, the place-and-date line, times written "hh giờ mm phút, ngày dd/mm/yyyy", and the
 * training-mode mark.
 */

/** Printed on every page made in training mode. */
export const TRAINING_MARK = 'BẢN THỰC HÀNH - KHÔNG CÓ GIÁ TRỊ';

const pad = (value: number) => String(value).padStart(2, '0');

/** "Hà Nội, ngày 05 tháng 03 năm 2026" on the Vietnamese calendar date of `at`. */
export function placeAndDate(place: string, at: Date): string {
  const [year, month, day] = toVietnamClock(at).date.split('-');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/** "09 giờ 30 phút, ngày 15/04/2024". */
export function formatFormTime(at: Date): string {
  const clock = toVietnamClock(at);
  const [year, month, day] = clock.date.split('-');
  return `${pad(clock.hour)} giờ ${pad(clock.minute)} phút, ngày ${day}/${month}/${year}`;
}

/** "15/04/2024". */
export function formatFormDate(at: Date): string {
  const [year, month, day] = toVietnamClock(at).date.split('-');
  return `${day}/${month}/${year}`;
}

/** The header block: agency on the left, motto on the right, then the place and date. */
export function drawFormHeader(writer: FormWriter, agency: FormAgency, issuedAt: Date, numberLine?: string): void {
  writer.columns([
    {
      weight: 1,
      lines: [
        { text: agency.parentName.toUpperCase(), size: 10.5 },
        { text: agency.unitName.toUpperCase(), style: 'bold', size: 10, underline: true },
        ...(numberLine ? [{ text: numberLine, size: 11 }] : []),
      ],
    },
    {
      weight: 1.25,
      lines: [
        { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', style: 'bold', size: 11 },
        { text: 'Độc lập - Tự do - Hạnh phúc', style: 'bold', size: 12, underline: true },
      ],
    },
  ]);
  writer.gap(4);
  writer.text(placeAndDate(agency.place, issuedAt), { style: 'italic', align: 'right', size: 12 });
  writer.gap(10);
}

/** A light diagonal "BẢN THỰC HÀNH" mark on the current page, plus a plain line at the top edge. */
export function drawTrainingMark(writer: FormWriter): void {
  const font = writer.font('bold');
  writer.page.drawText(TRAINING_MARK, { x: writer.left, y: writer.page.getHeight() - 30, size: 9, font, color: rgb(0.45, 0.45, 0.45) });
  writer.page.drawText(TRAINING_MARK, {
    x: 110,
    y: 300,
    size: 30,
    font,
    color: rgb(0.85, 0.85, 0.85),
    rotate: degrees(35),
    opacity: 0.6,
  });
}

/** Signature blocks side by side: title, hint in italics, room to sign, then the printed name. */
export function drawSignatures(writer: FormWriter, blocks: readonly { title: string; name?: string }[]): void {
  writer.gap(8);
  writer.ensureSpace(110);
  writer.columns(
    blocks.map((block) => ({
      lines: [
        { text: block.title.toUpperCase(), style: 'bold' as const, size: 12 },
        { text: '(Ký và ghi rõ họ tên)', style: 'italic' as const, size: 11 },
        { text: ' ', size: 40 },
        { text: block.name ?? ' ', style: 'bold' as const, size: 12 },
      ],
    })),
  );
}
