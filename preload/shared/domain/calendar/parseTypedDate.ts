import { daysInMonth, formatLocalDate, type LocalDate } from './localDate';

/** What an officer typed, read as a date: the `YYYY-MM-DD` value, or why it is not one (Vietnamese). */
export type TypedDate = { ok: true; date: LocalDate } | { ok: false; message: string };

/** What an officer typed, read as a date and a time of day (Vietnam's clock). */
export type TypedDateTime = { ok: true; date: LocalDate; hour: number; minute: number } | { ok: false; message: string };

const SEPARATED = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/;
const DIGITS_ONLY = /^(\d{2})(\d{2})(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a date the Vietnamese way, day first, whatever the OS locale: `15031985`, `15/3/1985`,
 * `15-03-1985`, `15.03.1985`; a pasted ISO `1985-03-15` is accepted too. Impossible dates
 * (31/02, month 13) are refused with a message naming what was typed. Years outside 1900–2199 are
 * refused: no desk record is dated there, and it catches a mistyped year.
 */
export function parseTypedDate(text: string): TypedDate {
  const typed = text.trim();
  if (typed === '') return { ok: false, message: 'Chưa nhập ngày (dạng ngày/tháng/năm, ví dụ 15/03/1985).' };
  let day: number;
  let month: number;
  let year: number;
  const iso = ISO.exec(typed);
  const parts = iso ? undefined : (SEPARATED.exec(typed) ?? DIGITS_ONLY.exec(typed));
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (parts) [day, month, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  else return { ok: false, message: `"${typed}" không phải ngày: hãy nhập ngày/tháng/năm, ví dụ 15/03/1985 hoặc 15031985.` };
  if (month < 1 || month > 12) return { ok: false, message: `"${typed}": tháng ${month} không có (tháng từ 1 đến 12).` };
  if (year < 1900 || year > 2199) return { ok: false, message: `"${typed}": năm ${year} nằm ngoài khoảng 1900–2199.` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, message: `"${typed}": tháng ${month}/${year} không có ngày ${day}.` };
  return { ok: true, date: formatLocalDate(year, month, day) };
}

/** What an officer typed, read as a time of day on the 24-hour clock. */
export type TypedTime = { ok: true; hour: number; minute: number } | { ok: false; message: string };

const TIME = /^(\d{1,2})\s*[:hg.]\s*(\d{2})$/i;
const TIME_DIGITS = /^(\d{1,2})(\d{2})$/;
const HOUR_ONLY = /^(\d{1,2})\s*[hg]$/i;

/**
 * Reads a time of day on the 24-hour clock whatever the OS locale (Chromium's time input shows
 * "03:00 PM" in some): `15:30`, `15h30`, `15g30`, `1530`, `930`, `9h`.
 */
export function parseTypedTime(text: string): TypedTime {
  const typed = text.trim();
  const parts = TIME.exec(typed) ?? TIME_DIGITS.exec(typed);
  const hourOnly = parts ? undefined : HOUR_ONLY.exec(typed);
  if (!parts && !hourOnly) return { ok: false, message: `"${typed}" không phải giờ: hãy nhập giờ:phút theo 24 giờ, ví dụ 15:30.` };
  const hour = Number((parts ?? hourOnly)![1]);
  const minute = parts ? Number(parts[2]) : 0;
  if (hour > 23 || minute > 59) return { ok: false, message: `"${typed}": giờ phải từ 00:00 đến 23:59.` };
  return { ok: true, hour, minute };
}

/**
 * Reads a moment typed as `hh:mm dd/mm/yyyy` (the receipt's order) or `dd/mm/yyyy hh:mm`; `10h30`
 * and `10g30` are read as 10:30. A pasted ISO `2026-04-10T10:00` is accepted too.
 */
export function parseTypedDateTime(text: string): TypedDateTime {
  const typed = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})$/.exec(typed);
  const tokens = iso ? [iso[2]!, iso[1]!] : typed.split(/\s+/);
  const timeAt = tokens.findIndex((token) => TIME.test(token));
  if (tokens.length < 2 || timeAt === -1 || (timeAt !== 0 && timeAt !== tokens.length - 1)) {
    return { ok: false, message: `"${typed}" không phải thời điểm: hãy nhập giờ:phút ngày/tháng/năm, ví dụ 10:30 15/04/2026.` };
  }
  const time = parseTypedTime(tokens[timeAt]!);
  if (!time.ok) return time;
  const date = parseTypedDate(tokens.filter((_, i) => i !== timeAt).join(' '));
  return date.ok ? { ok: true, date: date.date, hour: time.hour, minute: time.minute } : date;
}
