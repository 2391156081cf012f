import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computedHolidays, createWorkingCalendar, parseHolidayOverrideFile } from '../../../preload/shared/domain/calendar/holidayCalendar';
import { computeDueDate } from '../../../preload/shared/domain/calendar/dueDate';
import { fromVietnamClock, toVietnamClock } from '../../../preload/shared/domain/calendar/localDate';

const overrideFile = parseHolidayOverrideFile(JSON.parse(readFileSync(path.join(__dirname, '../../../assets/holidays/vn-holidays.json'), 'utf8')));

describe('holidays', () => {
  it('computes the 2024 holidays, with compensation for weekend holidays', () => {
    const dates = computedHolidays(2024).map((holiday) => holiday.date);
    // Tết Giáp Thìn 10/2/2024 (Saturday): 9/2 + 10–13/2, weekend days compensated on 14 and 15/2.
    expect(dates).toEqual(
      expect.arrayContaining(['2024-01-01', '2024-02-09', '2024-02-10', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-04-18', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03']),
    );
    expect(dates).not.toContain('2024-09-01');
  });

  it('reproduces the announced 2/9 companion days of 2021–2025', () => {
    const companion = (year: number) => computedHolidays(year).filter((h) => h.name === 'Quốc khánh').map((h) => h.date);
    expect(companion(2021)).toEqual(['2021-09-02', '2021-09-03']);
    expect(companion(2022)).toEqual(['2022-09-01', '2022-09-02']);
    expect(companion(2023)).toEqual(['2023-09-01', '2023-09-02']);
    expect(companion(2024)).toEqual(['2024-09-02', '2024-09-03']);
    expect(companion(2025)).toEqual(['2025-09-01', '2025-09-02']);
  });

  it('applies the override file: announced days off and swapped working days', () => {
    const calendar = createWorkingCalendar(overrideFile);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked in exchange for 2/5
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-02-03')).toBe(true); // computed compensation removed by the announced year
    expect(calendar.holidayOn('2026-02-16')?.name).toBe('Tết Nguyên Đán');
    const computedOnly = createWorkingCalendar();
    expect(computedOnly.isWorkingDay('2025-04-26')).toBe(false);
  });

  it('refuses a malformed override file in Vietnamese', () => {
    expect(() => parseHolidayOverrideFile({ version: 1, years: [{ year: 2027, source: 'x', daysOff: [{ date: '27/01/2027', name: 'Tết' }] }] })).toThrow(/Tệp ngày nghỉ không hợp lệ/);
    expect(() => parseHolidayOverrideFile({ version: 1, years: [{ year: 2027, source: 'x', daysOff: [{ date: '2028-01-27', name: 'Tết' }] }] })).toThrow(/không thuộc năm 2027/);
    expect(() => parseHolidayOverrideFile({ version: 1, years: [{ year: 2027, source: 'x', daysOff: [{ date: '2027-02-30', name: 'Tết' }] }] })).toThrow(/không tồn tại/);
  });
});

describe('due date', () => {
  const calendar = createWorkingCalendar(overrideFile);

  it('counts working days from the receipt day before the cut-off', () => {
    const due = computeDueDate(fromVietnamClock('2024-04-15', 9, 30), 5, calendar);
    // 16, 17 (18/4 Giỗ Tổ), 19, 22, 23 → 23/4
    expect(due.countsFrom).toBe('2024-04-15');
    expect(due.dueDate).toBe('2024-04-23');
    expect(toVietnamClock(due.dueAt)).toMatchObject({ date: '2024-04-23', hour: 16, minute: 0 });
  });

  it('counts from the next working day after the 15:00 cut-off, and the cut-off is configurable', () => {
    const receivedAt = fromVietnamClock('2024-04-26', 15, 0); // Friday 15:00
    const late = computeDueDate(receivedAt, 1, calendar);
    // Counts from Monday 29/4 (computed calendar, no announced swap for 2024); 30/4 and 1/5 are holidays.
    expect(late).toMatchObject({ countsFrom: '2024-04-29', dueDate: '2024-05-02' });
    const relaxed = computeDueDate(receivedAt, 1, calendar, { cutoff: { hour: 16, minute: 30 }, resultTime: { hour: 10, minute: 0 } });
    expect(relaxed.countsFrom).toBe('2024-04-26');
    expect(relaxed.dueDate).toBe('2024-04-29');
  });

  it('skips Tết: a dossier received just before Tết 2026 is due after the break', () => {
    const due = computeDueDate(fromVietnamClock('2026-02-13', 10, 0), 3, calendar);
    expect(due.dueDate).toBe('2026-02-25');
  });

  it('treats a weekend receipt as received on the next working day and a Saturday swap as a working day', () => {
    expect(computeDueDate(fromVietnamClock('2024-06-08', 9, 0), 1, calendar).countsFrom).toBe('2024-06-10');
    expect(computeDueDate(fromVietnamClock('2025-04-26', 9, 0), 1, calendar)).toMatchObject({ countsFrom: '2025-04-26', dueDate: '2025-04-28' });
  });

  it('refuses a negative processing time', () => {
    expect(() => computeDueDate(new Date(), -1, calendar)).toThrow(/không hợp lệ/);
  });
});
