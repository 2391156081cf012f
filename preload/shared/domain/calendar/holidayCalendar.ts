import { z } from 'zod';
import { DomainError } from '../DomainError';
import { lunarNewYear, lunarToSolar } from './lunarCalendar';
import { addDays, dayOfWeek, formatLocalDate, parseLocalDate, type LocalDate } from './localDate';

/**
 * Public holidays of Vietnam (Bộ luật Lao động 2019, art. 112) as the desk counts working days:
 * defaults computed from the rules, then corrected by a yearly override file holding what the
 * government actually announced (Tết range, swapped working Saturdays, the day adjacent to 2/9).
 *
 * Computed defaults, per Gregorian year:
 * - 1/1; 30/4; 1/5; 2/9 and one adjacent day (1/9 or 3/9, chosen to join the weekend when possible);
 * - Tết: the last day of the lunar year and days 1–4 of month 1 (5 days);
 * - Giỗ Tổ Hùng Vương, 10/3 lunar;
 * - a holiday that falls on Saturday or Sunday is compensated on the next working day (art. 111).
 * An announced year in the override file replaces the computed defaults entirely when it says
 * `replacesComputed`, otherwise its days are added / removed on top of them.
 */

export interface Holiday {
  date: LocalDate;
  /** Vietnamese name shown to the officer, e.g. "Tết Nguyên Đán". */
  name: string;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

/** One year of announced changes. */
export const HolidayYearOverride = z.object({
  year: z.number().int().min(1970).max(2200),
  /** When true, `daysOff` is the complete list of that year's holidays and nothing is computed. */
  replacesComputed: z.boolean().default(false),
  daysOff: z.array(z.object({ date: isoDate, name: z.string().min(1) })).default([]),
  /** Days that are worked although they are weekends or computed holidays (swapped working days). */
  workingDays: z.array(z.object({ date: isoDate, reason: z.string().min(1) })).default([]),
  /** Where the announcement comes from (decision number, date), for the supervisor to check. */
  source: z.string().min(1),
});
export type HolidayYearOverride = z.infer<typeof HolidayYearOverride>;

/** The yearly override file (assets/holidays/vn-holidays.json, replaceable by configuration). */
export const HolidayOverrideFile = z.object({
  version: z.literal(1),
  years: z.array(HolidayYearOverride),
});
export type HolidayOverrideFile = z.infer<typeof HolidayOverrideFile>;

/** Validates an override file, with a Vietnamese message naming the first wrong field. */
export function parseHolidayOverrideFile(input: unknown): HolidayOverrideFile {
  const parsed = HolidayOverrideFile.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new DomainError('invalid-holiday-file', `Tệp ngày nghỉ không hợp lệ tại "${where}": ${issue?.message ?? 'không rõ'}.`, parsed.error.message);
  }
  for (const year of parsed.data.years) {
    for (const entry of [...year.daysOff, ...year.workingDays]) {
      if (parseLocalDate(entry.date).year !== year.year) {
        throw new DomainError('invalid-holiday-file', `Ngày ${entry.date} không thuộc năm ${year.year} trong tệp ngày nghỉ.`);
      }
    }
  }
  return parsed.data;
}

function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

/** The day adjacent to 2/9 by default: the one that joins a weekend when that is possible. */
function nationalDayCompanion(year: number): LocalDate {
  const nationalDay = formatLocalDate(year, 9, 2);
  const weekday = dayOfWeek(nationalDay);
  // Sunday/Monday/Thursday → 3/9 (Monday/Tuesday/Friday); otherwise 1/9. This reproduces the announced
  // choices of 2021 (Thu → 3/9), 2022 (Fri → 1/9), 2023 (Sat → 1/9), 2024 (Mon → 3/9), 2025 (Tue → 1/9).
  if (weekday === 0 || weekday === 1 || weekday === 4) return formatLocalDate(year, 9, 3);
  return formatLocalDate(year, 9, 1);
}

/** Computed holidays of Gregorian year `year`, including compensation days for weekend holidays. */
export function computedHolidays(year: number): Holiday[] {
  const tet = lunarNewYear(year);
  const base: Holiday[] = [
    { date: formatLocalDate(year, 1, 1), name: 'Tết Dương lịch' },
    { date: addDays(tet, -1), name: 'Tết Nguyên Đán' },
    ...[0, 1, 2, 3].map((offset) => ({ date: addDays(tet, offset), name: 'Tết Nguyên Đán' })),
    { date: lunarToSolar({ year, month: 3, day: 10, leap: false }), name: 'Giỗ Tổ Hùng Vương' },
    { date: formatLocalDate(year, 4, 30), name: 'Ngày Chiến thắng' },
    { date: formatLocalDate(year, 5, 1), name: 'Ngày Quốc tế Lao động' },
    { date: formatLocalDate(year, 9, 2), name: 'Quốc khánh' },
    { date: nationalDayCompanion(year), name: 'Quốc khánh' },
  ];
  const taken = new Set(base.map((holiday) => holiday.date));
  const result = [...base];
  for (const holiday of base) {
    if (!isWeekend(holiday.date)) continue;
    let day = addDays(holiday.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    result.push({ date: day, name: `Nghỉ bù ${holiday.name}` });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

/** Answers "is this a working day of the agency?" with computed holidays and announced overrides. */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  /** The holiday on that date, if any (after overrides). */
  holidayOn(date: LocalDate): Holiday | undefined;
}

/** Builds the working calendar; the override file is optional (computed defaults only). */
export function createWorkingCalendar(overrides?: HolidayOverrideFile): WorkingCalendar {
  const byYear = new Map<number, HolidayYearOverride>();
  for (const entry of overrides?.years ?? []) byYear.set(entry.year, entry);
  const cache = new Map<number, { off: Map<LocalDate, Holiday>; worked: Set<LocalDate> }>();

  function yearTable(year: number): { off: Map<LocalDate, Holiday>; worked: Set<LocalDate> } {
    const cached = cache.get(year);
    if (cached) return cached;
    const override = byYear.get(year);
    const off = new Map<LocalDate, Holiday>();
    if (!override?.replacesComputed) for (const holiday of computedHolidays(year)) off.set(holiday.date, holiday);
    for (const holiday of override?.daysOff ?? []) off.set(holiday.date, { date: holiday.date, name: holiday.name });
    const worked = new Set<LocalDate>();
    for (const day of override?.workingDays ?? []) {
      worked.add(day.date);
      off.delete(day.date);
    }
    const table = { off, worked };
    cache.set(year, table);
    return table;
  }

  return {
    holidayOn(date) {
      return yearTable(parseLocalDate(date).year).off.get(date);
    },
    isWorkingDay(date) {
      const table = yearTable(parseLocalDate(date).year);
      if (table.worked.has(date)) return true;
      if (table.off.has(date)) return false;
      return !isWeekend(date);
    },
  };
}
