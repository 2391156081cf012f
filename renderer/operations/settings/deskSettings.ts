import type { DeskHandle } from '../../db/deskHandle';
import { readSetting } from '../../db/queries/settings';
import type { DossierCodeConfig } from '../../../preload/shared/domain/dossierCode';
import { DEFAULT_DUE_DATE_RULES, type DueDateRules } from '../../../preload/shared/domain/calendar/dueDate';
import type { FormAgency } from '../../../preload/shared/domain/forms/formTypes';
import { getCurrentOfficer } from '../auth/currentOfficer';

/**
 * Desk configuration the receipt needs, kept in the `settings` table so a supervisor can change it
 * without a rebuild. Until it is set, training defaults apply (the example agency code of
 * Thông tư 01/2018/TT-VPCP and a single desk).
 */
export interface ReceiptSettings {
  agency: FormAgency;
  dossierCode: DossierCodeConfig;
  dueDateRules: DueDateRules;
  resultPlace: string;
  officerName: string;
}

export const RECEIPT_SETTINGS_KEY = 'desk.receipt';
export const DOSSIER_CODE_STATE_KEY = 'desk.dossierCodeState';
/** The blocks leased from the office hub and what was issued from them (`LeasedCodeState`), once enrolled. */
export const LEASED_CODE_STATE_KEY = 'desk.leasedCodeState';

export const DEFAULT_RECEIPT_SETTINGS: ReceiptSettings = {
  agency: { parentName: 'Bộ Khoa học và Công nghệ', unitName: 'Bộ phận Tiếp nhận và Trả kết quả', place: 'Hà Nội' },
  dossierCode: { agencyCode: '000.00.16.H27', deskSlot: 0, deskCount: 1 },
  dueDateRules: DEFAULT_DUE_DATE_RULES,
  resultPlace: 'Bộ phận Tiếp nhận và Trả kết quả',
  officerName: 'Cán bộ tiếp nhận',
};

/** The stored settings merged over the defaults (a partial record only overrides what it names). */
export async function readReceiptSettings(db: DeskHandle): Promise<ReceiptSettings> {
  const stored = (await readSetting(db, RECEIPT_SETTINGS_KEY)) as Partial<ReceiptSettings> | undefined;
  return {
    ...DEFAULT_RECEIPT_SETTINGS,
    ...stored,
    agency: { ...DEFAULT_RECEIPT_SETTINGS.agency, ...stored?.agency },
    dossierCode: { ...DEFAULT_RECEIPT_SETTINGS.dossierCode, ...stored?.dossierCode },
    dueDateRules: { ...DEFAULT_RECEIPT_SETTINGS.dueDateRules, ...stored?.dueDateRules },
  };
}

/**
 * The officer who signs the forms and is named in the status history: the signed-in officer, or
 * the configured name where nobody is signed in (background work, tests).
 */
export function actingOfficerName(settings: Pick<ReceiptSettings, 'officerName'>): string {
  return getCurrentOfficer()?.displayName ?? settings.officerName;
}
