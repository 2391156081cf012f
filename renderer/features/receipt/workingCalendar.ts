import holidayFile from '../../../assets/holidays/vn-holidays.json';
import { createWorkingCalendar, parseHolidayOverrideFile, type WorkingCalendar } from '../../domain/calendar/holidayCalendar';

let calendar: WorkingCalendar | undefined;

/** The agency's working calendar: computed holidays corrected by the bundled yearly override file. */
export function getWorkingCalendar(): WorkingCalendar {
  calendar ??= createWorkingCalendar(parseHolidayOverrideFile(holidayFile));
  return calendar;
}
