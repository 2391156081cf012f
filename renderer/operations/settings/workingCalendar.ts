import holidayFile from '../../../assets/holidays/vn-holidays.json';
import type { DeskHandle } from '../../db/deskHandle';
import { readSetting } from '../../db/queries/settings';
import { createWorkingCalendar, parseHolidayOverrideFile, type HolidayOverrideFile, type WorkingCalendar } from '../../../preload/shared/domain/calendar/holidayCalendar';

/** Settings key of the agency's own override file (same format as assets/holidays/vn-holidays.json). */
export const HOLIDAY_OVERRIDES_KEY = 'desk.holidayOverrides';

/** Bundled years, with each year the agency configured replacing the bundled entry for that year. */
export function mergeHolidayOverrides(bundled: HolidayOverrideFile, configured: HolidayOverrideFile | undefined): HolidayOverrideFile {
  const byYear = new Map(bundled.years.map((year) => [year.year, year]));
  for (const year of configured?.years ?? []) byYear.set(year.year, year);
  return { version: 1, years: [...byYear.values()].sort((a, b) => a.year - b.year) };
}

/**
 * The agency's working calendar: computed holidays, corrected by the bundled yearly override file
 * and by the override file configured at the desk (announcements newer than the installed app).
 * A malformed configured file is refused with a Vietnamese message rather than silently ignored.
 */
export async function loadWorkingCalendar(db: DeskHandle): Promise<WorkingCalendar> {
  const stored = await readSetting(db, HOLIDAY_OVERRIDES_KEY);
  const configured = stored === undefined ? undefined : parseHolidayOverrideFile(stored);
  return createWorkingCalendar(mergeHolidayOverrides(parseHolidayOverrideFile(holidayFile), configured));
}
