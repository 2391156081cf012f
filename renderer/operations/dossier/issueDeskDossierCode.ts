import type { DeskHandle } from '../../db/deskHandle';
import { readSetting, writeSetting } from '../../db/queries/settings';
import { emptyDossierCodeState, issueDossierCode, type DossierCodeConfig, type DossierCodeState } from '../../../preload/shared/domain/dossierCode';
import { issueLeasedDossierCode, isLeasedCodeState } from '../../../preload/shared/domain/leasedDossierCode';
import { DOSSIER_CODE_STATE_KEY, LEASED_CODE_STATE_KEY } from '../settings/deskSettings';

export interface IssuedDeskCode {
  code: string;
  /** Vietnamese notice for the officer when the code came from the desk's reserve. */
  notice?: string;
}

/**
 * Issues this desk's next dossier code. A desk enrolled with the office hub draws from the blocks
 * the hub leased it (and, when none is left, from its own reserve, saying so); any other desk from
 * its hand-configured partition, exactly as before. Must run inside a transaction over `settings`
 * (sealing's), so the code and the counter that covers it are stored together.
 */
export async function issueDeskDossierCode(db: DeskHandle, config: DossierCodeConfig, now: Date): Promise<IssuedDeskCode> {
  const leased = await readSetting(db, LEASED_CODE_STATE_KEY);
  if (isLeasedCodeState(leased)) {
    const issued = issueLeasedDossierCode(leased, config.agencyCode, now);
    await writeSetting(db, LEASED_CODE_STATE_KEY, issued.state);
    if (!issued.fromReserve) return { code: issued.code };
    return {
      code: issued.code,
      notice: `Bàn đã dùng hết các số hồ sơ máy chủ đơn vị cấp cho hôm nay; mã ${issued.code} lấy từ số dự phòng riêng của bàn (còn ${issued.reserveLeft} số). Hãy kết nối mạng tới máy chủ đơn vị để nhận thêm dải số.`,
    };
  }
  const stored = (await readSetting(db, DOSSIER_CODE_STATE_KEY)) as DossierCodeState | undefined;
  const issued = issueDossierCode(stored ?? emptyDossierCodeState(), config, now);
  await writeSetting(db, DOSSIER_CODE_STATE_KEY, issued.state);
  return { code: issued.code };
}
