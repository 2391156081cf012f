import { DomainError } from '../DomainError';
import { VIETNAM_UTC_OFFSET_HOURS, dateOfJulianDay, formatLocalDate, julianDayOf, parseLocalDate, type LocalDate } from './localDate';

/**
 * The Vietnamese lunisolar calendar, computed the way Hồ Ngọc Đức describes it: months start on the
 * day (in local civil time) of the astronomical new moon, month 11 is the month holding the winter
 * solstice, and a leap year's leap month is the first month without a major solar term. The time
 * zone matters: Vietnam computes in UTC+7, China in UTC+8, which is why Tết 2030 falls on 2 February
 * in Vietnam and on 3 February in China. Astronomy follows Meeus' truncated series, accurate to well
 * under an hour for 1900–2100, which is the span the desk needs.
 */

/** A date of the lunar calendar; `leap` marks the repeated (nhuận) month. */
export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

const RAD = Math.PI / 180;
/** Mean synodic month, days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the reference new moon of 1900-01-01 that the series counts from. */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian date (fractional, UT) of the `index`-th new moon after the 1900 epoch. */
function newMoonJulianDate(index: number): number {
  const t = index / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const meanPhase = 2415020.75933 + 29.53058868 * index + 0.0001178 * t2 - 0.000000155 * t3 + 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * index - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * index + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitudeArg = (21.2964 + 390.67050646 * index - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(sunAnomaly + 2 * moonAnomaly);
  const deltaT = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return meanPhase + correction - deltaT;
}

/** Local civil day (Julian day number) on which the `index`-th new moon falls. */
function newMoonDay(index: number, utcOffsetHours: number): number {
  return Math.floor(newMoonJulianDate(index) + 0.5 + utcOffsetHours / 24);
}

/** Apparent solar longitude, radians in [0, 2π), at a fractional Julian date. */
function solarLongitude(julianDate: number): number {
  const t = (julianDate - 2451545.0) / 36525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) + (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) + 0.00029 * Math.sin(3 * anomaly);
  const longitude = (meanLongitude + centre) * RAD;
  const turn = 2 * Math.PI;
  return longitude - turn * Math.floor(longitude / turn);
}

/** Which of the 12 major-term sectors (0 = spring equinox … 9 = winter solstice) the sun is in at the start of a local day. */
function solarTermSector(julianDay: number, utcOffsetHours: number): number {
  return Math.floor((solarLongitude(julianDay - 0.5 - utcOffsetHours / 24) / Math.PI) * 6);
}

/** First day of the lunar month 11 (the month containing the winter solstice) of Gregorian `year`. */
function month11Start(year: number, utcOffsetHours: number): number {
  const daysSinceEpoch = julianDayOf(year, 12, 31) - 2415021;
  const index = Math.floor(daysSinceEpoch / SYNODIC_MONTH);
  const candidate = newMoonDay(index, utcOffsetHours);
  // If the sun has already passed the solstice sector at that new moon, month 11 began one moon earlier.
  return solarTermSector(candidate, utcOffsetHours) >= 9 ? newMoonDay(index - 1, utcOffsetHours) : candidate;
}

/** In a 13-month year starting at `month11`, how many months after it the leap month comes. */
function leapMonthOffset(month11: number, utcOffsetHours: number): number {
  const index = Math.floor((month11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let offset = 1;
  let sector = solarTermSector(newMoonDay(index + offset, utcOffsetHours), utcOffsetHours);
  let previous: number;
  do {
    previous = sector;
    offset += 1;
    sector = solarTermSector(newMoonDay(index + offset, utcOffsetHours), utcOffsetHours);
  } while (sector !== previous && offset < 14);
  return offset - 1;
}

/** Converts a Gregorian date to the lunar calendar of the given time zone (Vietnam by default). */
export function solarToLunar(date: LocalDate, utcOffsetHours: number = VIETNAM_UTC_OFFSET_HOURS): LunarDate {
  const { year } = parseLocalDate(date);
  const { day: d, month: m } = parseLocalDate(date);
  const dayNumber = julianDayOf(year, m, d);
  // The mean-month estimate can be one month off near a new moon: step until the month that
  // starts on or before the day and ends after it (day 0 or day 31 are impossible).
  let index = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonDay(index + 1, utcOffsetHours) <= dayNumber) index += 1;
  while (newMoonDay(index, utcOffsetHours) > dayNumber) index -= 1;
  const monthStart = newMoonDay(index, utcOffsetHours);

  let previousMonth11 = month11Start(year, utcOffsetHours);
  let nextMonth11 = previousMonth11;
  let lunarYear: number;
  if (previousMonth11 >= monthStart) {
    lunarYear = year;
    previousMonth11 = month11Start(year - 1, utcOffsetHours);
  } else {
    lunarYear = year + 1;
    nextMonth11 = month11Start(year + 1, utcOffsetHours);
  }

  const monthsAfter11 = Math.floor((monthStart - previousMonth11) / 29);
  let month = monthsAfter11 + 11;
  let leap = false;
  if (nextMonth11 - previousMonth11 > 365) {
    const leapOffset = leapMonthOffset(previousMonth11, utcOffsetHours);
    if (monthsAfter11 >= leapOffset) {
      month = monthsAfter11 + 10;
      leap = monthsAfter11 === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && monthsAfter11 < 4) lunarYear -= 1;
  return { year: lunarYear, month, day: dayNumber - monthStart + 1, leap };
}

/**
 * Converts a lunar date to the Gregorian calendar. Refuses a leap flag on a month that is not the
 * leap month of that year, and a day 30 in a 29-day month.
 */
export function lunarToSolar(lunar: LunarDate, utcOffsetHours: number = VIETNAM_UTC_OFFSET_HOURS): LocalDate {
  const { year, month, day, leap } = lunar;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new DomainError('invalid-lunar-date', `Ngày âm lịch ${day}/${month}/${year} không hợp lệ.`);
  }
  const [fromMonth11, toMonth11] =
    month < 11 ? [month11Start(year - 1, utcOffsetHours), month11Start(year, utcOffsetHours)] : [month11Start(year, utcOffsetHours), month11Start(year + 1, utcOffsetHours)];
  const index = Math.floor(0.5 + (fromMonth11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (toMonth11 - fromMonth11 > 365) {
    const leapOffset = leapMonthOffset(fromMonth11, utcOffsetHours);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) {
      throw new DomainError('invalid-lunar-date', `Năm âm lịch ${year} không có tháng ${month} nhuận.`);
    }
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new DomainError('invalid-lunar-date', `Năm âm lịch ${year} không có tháng nhuận.`);
  }
  const monthStart = newMoonDay(index + offset, utcOffsetHours);
  const nextMonthStart = newMoonDay(index + offset + 1, utcOffsetHours);
  if (monthStart + day - 1 >= nextMonthStart) {
    throw new DomainError('invalid-lunar-date', `Tháng ${month} âm lịch năm ${year} không có ngày ${day}.`);
  }
  const { year: y, month: m, day: d } = dateOfJulianDay(monthStart + day - 1);
  return formatLocalDate(y, m, d);
}

/** Gregorian date of Tết Nguyên Đán (day 1 of month 1) of lunar year `year`. */
export function lunarNewYear(year: number, utcOffsetHours: number = VIETNAM_UTC_OFFSET_HOURS): LocalDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, utcOffsetHours);
}
