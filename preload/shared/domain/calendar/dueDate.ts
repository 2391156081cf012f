import { DomainError } from '../DomainError';
import type { WorkingCalendar } from './holidayCalendar';
import { addDays, fromVietnamClock, toVietnamClock, type LocalDate } from './localDate';

/** Clock time on the Vietnamese wall clock. */
export interface ClockTime {
  hour: number;
  minute: number;
}

/** Agency rules for counting; both are configurable per agency. */
export interface DueDateRules {
  /** A dossier received at or after this time counts as received on the next working day (default 15:00). */
  cutoff: ClockTime;
  /** The time of day written on the receipt for the result appointment (default 16:00). */
  resultTime: ClockTime;
}

export const DEFAULT_DUE_DATE_RULES: DueDateRules = { cutoff: { hour: 15, minute: 0 }, resultTime: { hour: 16, minute: 0 } };

export interface DueDate {
  /** The working day the dossier counts as received (the receipt day, or the next working day). */
  countsFrom: LocalDate;
  /** The last working day of the processing time: the result appointment day. */
  dueDate: LocalDate;
  /** The appointment instant (dueDate at `resultTime`, Vietnamese time). */
  dueAt: Date;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  let day = date;
  // Guard against a misconfigured override file that removes every working day.
  for (let step = 0; step < 400; step += 1) {
    if (calendar.isWorkingDay(day)) return day;
    day = addDays(day, 1);
  }
  throw new DomainError('no-working-day', 'Không tìm thấy ngày làm việc nào trong 400 ngày tới; kiểm tra lại tệp ngày nghỉ.', date);
}

/** The `count`-th working day after `date` (0 → `date` itself). */
export function addWorkingDays(date: LocalDate, count: number, calendar: WorkingCalendar): LocalDate {
  let day = date;
  for (let done = 0; done < count; ) {
    day = nextWorkingDayOnOrAfter(addDays(day, 1), calendar);
    done += 1;
  }
  return day;
}

/**
 * The result appointment for a dossier received at `receivedAt` with a processing time of
 * `processingDays` working days. The receipt day is not counted: a dossier received on a working
 * day before the cut-off counts from that day and is due `processingDays` working days later; one
 * received at or after the cut-off, or on a weekend or holiday, counts from the next working day.
 * Fractions of a day (procedures quoted as "0,5 ngày") round up to a whole working day.
 */
export function computeDueDate(receivedAt: Date, processingDays: number, calendar: WorkingCalendar, rules: DueDateRules = DEFAULT_DUE_DATE_RULES): DueDate {
  if (!Number.isFinite(processingDays) || processingDays < 0 || processingDays > 3650) {
    throw new DomainError('invalid-processing-time', `Thời hạn giải quyết "${processingDays}" ngày làm việc không hợp lệ.`);
  }
  const clock = toVietnamClock(receivedAt);
  const afterCutoff = clock.hour * 60 + clock.minute >= rules.cutoff.hour * 60 + rules.cutoff.minute;
  const countsFrom = calendar.isWorkingDay(clock.date) && !afterCutoff ? clock.date : nextWorkingDayOnOrAfter(addDays(clock.date, 1), calendar);
  const dueDate = addWorkingDays(countsFrom, Math.ceil(processingDays), calendar);
  return { countsFrom, dueDate, dueAt: fromVietnamClock(dueDate, rules.resultTime.hour, rules.resultTime.minute) };
}
