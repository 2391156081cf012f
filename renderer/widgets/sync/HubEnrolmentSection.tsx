import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { SyncEnrolRequest, type SyncConfig } from '../../../preload/contract';
import { getDatabase } from '../../db/deskHandle';
import { NoticeBanner, type Notice } from '../NoticeBanner';
import { useT } from '../../i18n/i18n';
import { getDesk } from '../../platform/desk';
import { readLeasedCodeState, recordHubEnrolment } from '../../operations/sync/createCodeBlockKeeper';
import { readReceiptSettings } from '../../operations/settings/deskSettings';
import { dossierCodeDay } from '../../../preload/shared/domain/dossierCode';
import { leasedNumbersLeft, MAX_RESERVE_SLOT, reserveOfSlot } from '../../../preload/shared/domain/leasedDossierCode';

/** An enrolment code as it is typed: capitals and digits only, in groups of four (`7K2M-QX9D-4HTB-W3NC`). */
export function groupEnrolmentCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 16);
  return plain.replace(/(.{4})(?=.)/g, '$1-');
}

const pad = (n: number) => String(n).padStart(4, '0');

/**
 * "Máy chủ đơn vị": enrols the desk with the office hub (address and one-use code), then shows
 * the desk's name, role and slot, and the dossier-code blocks it holds for today.
 */
export function HubEnrolmentSection() {
  const t = useT();
  const db = getDatabase();
  const [config, setConfig] = useState<SyncConfig>();
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  const codes = useLiveQuery(async () => {
    const state = await readLeasedCodeState(db);
    if (!state) return undefined;
    const prefix = (await readReceiptSettings(db)).dossierCode.agencyCode;
    const day = dossierCodeDay(new Date());
    const used = state.used[`${prefix}|${day}`]?.leased ?? 0;
    const ranges = state.blocks
      .filter((block) => block.prefix === prefix && block.day === day && block.to > used)
      .sort((a, b) => a.from - b.from)
      .map((block) => `${pad(Math.max(block.from, used + 1))}–${pad(block.to)}`);
    return { left: leasedNumbersLeft(state, prefix, day), ranges, slot: state.slot };
  }, [db]);

  useEffect(() => {
    const desk = getDesk();
    void desk.sync.getConfig().then((result) => {
      if (!result.ok) return setNotice({ kind: 'error', text: result.error.message });
      setConfig(result.value);
      setHubUrl(result.value.enrolment ? (result.value.serverUrl ?? '') : '');
    });
    return desk.sync.onConfigChanged((next) => setConfig(next));
  }, []);

  async function enrol() {
    setNotice(undefined);
    const request = SyncEnrolRequest.safeParse({ hubUrl: hubUrl.trim(), code });
    if (!request.success) return setNotice({ kind: 'error', text: request.error.issues[0]?.message ?? t('hub.code') });
    setBusy(true);
    try {
      const result = await getDesk().sync.enrol(request.data);
      if (!result.ok) return setNotice({ kind: 'error', text: result.error.message });
      const enrolment = result.value.enrolment;
      // Sealing draws from the hub's blocks from now on; the sync worker leases them as it restarts.
      if (enrolment) await recordHubEnrolment(db, enrolment);
      setConfig(result.value);
      setCode('');
      setNotice({ kind: 'ok', text: t('hub.enrolled', { name: enrolment?.deskName ?? '' }) });
    } finally {
      setBusy(false);
    }
  }

  const enrolment = config?.enrolment;
  const reserve = codes ? reserveOfSlot(codes.slot) : undefined;
  return (
    <fieldset className="hub-enrolment" data-testid="hub-enrolment">
      <legend>{t('hub.heading')}</legend>
      <p className="hint">{t('hub.intro')}</p>
      {enrolment && (
        <div data-testid="hub-desk">
          <p>{t('hub.desk', { name: enrolment.deskName, role: t(enrolment.role === 'supervisor' ? 'hub.role.supervisor' : 'hub.role.desk'), slot: enrolment.slot })}</p>
          <p className="hint">{t('hub.server', { url: config?.serverUrl ?? '' })}</p>
          <p className="hint">{t('hub.partitionUnused')}</p>
        </div>
      )}
      {codes && (
        <div data-testid="hub-code-blocks">
          <p className="hint">{codes.left > 0 ? t('hub.blocks', { left: codes.left, ranges: codes.ranges.join(', ') }) : t('hub.blocksNone')}</p>
          <p className="hint">{reserve ? t('hub.reserve', { from: pad(reserve.from), to: pad(reserve.to) }) : t('hub.noReserve', { max: MAX_RESERVE_SLOT })}</p>
        </div>
      )}
      <label className="field">
        <span>{t('hub.address')}</span>
        <input type="url" name="hubUrl" placeholder="https://" value={hubUrl} onChange={(event) => setHubUrl(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('hub.code')}</span>
        <input
          type="text"
          name="enrolmentCode"
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX"
          value={code}
          onChange={(event) => setCode(groupEnrolmentCode(event.target.value))}
        />
      </label>
      {enrolment && <p className="hint">{t('hub.reenrol')}</p>}
      <NoticeBanner notice={notice} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void enrol()}>
          {busy ? t('hub.enrolling') : t('hub.enrol')}
        </button>
      </div>
    </fieldset>
  );
}
