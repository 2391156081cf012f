import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lunarNewYear, lunarToSolar, solarToLunar } from '../../../preload/shared/domain/calendar/lunarCalendar';
import { addDays, fromJulianDay, toJulianDay } from '../../../preload/shared/domain/calendar/localDate';

/*
 * Tết dates from public sources (checked, not recalled):
 * 2020-01-25 (baosuckhoecongdong.vn "Tết âm 2020 là ngày nào"), 2021-02-12 and 2022-02-01 (evbn.org, vi.wikipedia
 * table "Tết Nguyên Đán"), 2023-01-22 (vietnamstonejsc.com, uk.news.yahoo.com "When is Tết 2023?"), 2024-02-10
 * (saimonthidan.com list of Tết 2024 days), 2025-01-29 (tet-amlich.com: Tết 25/1–2/2/2025 ends on mùng 5),
 * 2026-02-17 … 2029-02-13 (weeksfromtoday.com "Lunar New Year Dates 2026-2045"; 2026 also congan.com.vn: 22/2/2026 is mùng 6), 2030-02-02 in Vietnam vs
 * 2030-02-03 in China and 2007-02-17 vs 2007-02-18 (kientruc2014.com, scienceinfo.net "Why is the Vietnamese
 * and Chinese New Year a day different?").
 */
const TET: Record<number, string> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-02',
};

describe('Vietnamese lunar calendar', () => {
  for (const [year, date] of Object.entries(TET)) {
    it(`puts Tết ${year} on ${date}`, () => {
      expect(lunarNewYear(Number(year))).toBe(date);
      expect(solarToLunar(date)).toEqual({ year: Number(year), month: 1, day: 1, leap: false });
      expect(solarToLunar(addDays(date, -1)).month).toBe(12);
    });
  }

  it('differs from the Chinese (UTC+8) calendar in 2030 and 2007', () => {
    expect(lunarNewYear(2030, 8)).toBe('2030-02-03');
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2007, 8)).toBe('2007-02-18');
  });

  it('knows the leap month 2 of 2023 and refuses a leap month that does not exist', () => {
    // Năm 2023 có tháng 2 nhuận (phapluatxahoi.kinhtedothi.vn "Vì sao năm 2023 có tới 2 tháng 2 âm lịch?").
    const leapStart = lunarToSolar({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar(leapStart)).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(() => lunarToSolar({ year: 2023, month: 3, day: 1, leap: true })).toThrow(/không có tháng 3 nhuận/);
    expect(() => lunarToSolar({ year: 2024, month: 3, day: 1, leap: true })).toThrow(/không có tháng nhuận/);
  });

  it('puts Giỗ Tổ Hùng Vương (10/3 lunar) on the announced days', () => {
    // 2016: a Saturday (meohaybotui.com, "Lịch nghỉ giỗ tổ Hùng Vương và 30/4, 1/5 năm 2016");
    // 2025: Monday 7/4 (tet-amlich.com, "Các ngày nghỉ lễ 2025").
    expect(lunarToSolar({ year: 2016, month: 3, day: 10, leap: false })).toBe('2016-04-16');
    expect(lunarToSolar({ year: 2025, month: 3, day: 10, leap: false })).toBe('2025-04-07');
  });

  it('puts the eve of a new moon that the mean-month estimate misplaces in the month before', () => {
    // Found by the round-trip property: these days once came out as day 0 of the next month.
    expect(solarToLunar('2054-05-07').day).toBeGreaterThanOrEqual(29);
    expect(solarToLunar('2062-04-09')).toEqual({ year: 2062, month: 2, day: 30, leap: false });
    expect(solarToLunar('2062-04-10')).toEqual({ year: 2062, month: 3, day: 1, leap: false });
    expect(lunarToSolar({ year: 2062, month: 2, day: 30, leap: false })).toBe('2062-04-09');
  });

  it('round-trips every day between 1950 and 2100', () => {
    const start = toJulianDay('1950-01-01');
    const end = toJulianDay('2100-12-31');
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), (julianDay) => {
        const date = fromJulianDay(julianDay);
        const lunar = solarToLunar(date);
        expect(lunar.day).toBeGreaterThanOrEqual(1);
        expect(lunar.day).toBeLessThanOrEqual(30);
        expect(lunarToSolar(lunar)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });
});
