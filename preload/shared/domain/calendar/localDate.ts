import { DomainError } from '../DomainError';

/**
 * A calendar date with no time zone, written `YYYY-MM-DD`. Dates of the desk (receipt day, due day,
 * holidays) are always Vietnamese civil dates, so they are kept as plain strings that compare and
 * serialise trivially; arithmetic goes through the Julian day number.
 */
export type LocalDate = string;

/** Vietnam has used UTC+7 without daylight saving since 1975; the lunar calendar is computed for it too. */
export const VIETNAM_UTC_OFFSET_HOURS = 7;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits a `YYYY-MM-DD` date, refusing anything that is not a real Gregorian date. */
export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new DomainError('invalid-date', `Ngày "${date}" không đúng dạng năm-tháng-ngày.`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('invalid-date', `Ngày "${date}" không tồn tại.`);
  }
  return { year, month, day };
}

/** Builds a `YYYY-MM-DD` string from its parts (no validation beyond padding). */
export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days in a Gregorian month. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Julian day number of a Gregorian date (noon-based integer day count), used for day arithmetic. */
export function julianDayOf(year: number, month: number, day: number): number {
  const shift = Math.floor((14 - month) / 12);
  const y = year + 4800 - shift;
  const m = month + 12 * shift - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

/** Inverse of {@link julianDayOf} for the Gregorian calendar. */
export function dateOfJulianDay(julianDay: number): { year: number; month: number; day: number } {
  const a = julianDay + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/** Julian day number of a `YYYY-MM-DD` date. */
export function toJulianDay(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return julianDayOf(year, month, day);
}

/** `YYYY-MM-DD` of a Julian day number. */
export function fromJulianDay(julianDay: number): LocalDate {
  const { year, month, day } = dateOfJulianDay(julianDay);
  return formatLocalDate(year, month, day);
}

/** The date `days` later (or earlier when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromJulianDay(toJulianDay(date) + days);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return (toJulianDay(date) + 1) % 7;
}

/** Vietnamese civil date and clock time of an instant. */
export interface VietnamClock {
  date: LocalDate;
  hour: number;
  minute: number;
  second: number;
}

/** Reads an instant on the Vietnamese wall clock (UTC+7, no daylight saving). */
export function toVietnamClock(instant: Date): VietnamClock {
  const shifted = new Date(instant.getTime() + VIETNAM_UTC_OFFSET_HOURS * 3_600_000);
  return {
    date: formatLocalDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** The instant at which the Vietnamese wall clock shows `date` `hour:minute`. */
export function fromVietnamClock(date: LocalDate, hour: number, minute: number): Date {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day, hour - VIETNAM_UTC_OFFSET_HOURS, minute));
}

/** `hh:mm dd/mm/yyyy`, the way receipts write a moment. */
export function formatVietnamDateTime(instant: Date): string {
  const clock = toVietnamClock(instant);
  return `${pad2(clock.hour)}:${pad2(clock.minute)} ${formatVietnameseDate(clock.date)}`;
}

/** `dd/mm/yyyy`, the way Vietnamese forms write a date. */
export function formatVietnameseDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, the date format of the portal synchronisation. */
export function formatPortalTimestamp(instant: Date): string {
  const clock = toVietnamClock(instant);
  return `${clock.date.replaceAll('-', '')}${pad2(clock.hour)}${pad2(clock.minute)}${pad2(clock.second)}`;
}

/** Reads `yyyyMMddHHmmss` on the Vietnamese clock (the portal's format) as an instant; Invalid Date if malformed. */
export function parsePortalTimestamp(text: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return new Date(Number.NaN);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(fromVietnamClock(formatLocalDate(year, month, day), hour, minute).getTime() + second * 1000);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
