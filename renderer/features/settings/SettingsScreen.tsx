import { useEffect, useState } from 'react';
import { getDatabase } from '../../db/deskHandle';
import { NoticeBanner, type Notice } from '../../widgets/NoticeBanner';
import { useT } from '../../i18n/i18n';
import { deskPartition } from '../../../preload/shared/domain/dossierCode';
import { readReceiptSettings, type ReceiptSettings } from '../../operations/settings/deskSettings';
import { saveReceiptSettings } from '../../operations/settings/saveReceiptSettings';
import { SyncSettingsSection } from '../../widgets/sync/SyncSettingsSection';
import { TimeField } from '../../widgets/DateField';
import { HubEnrolmentSection } from '../../widgets/sync/HubEnrolmentSection';
import { userMessageOf } from '../../../preload/shared/errors/DeskFailure';

function toTime(value: { hour: number; minute: number }): string {
  return `${String(value.hour).padStart(2, '0')}:${String(value.minute).padStart(2, '0')}`;
}

function fromTime(text: string): { hour: number; minute: number } {
  const [hour = Number.NaN, minute = Number.NaN] = text.split(':').map(Number);
  return { hour, minute };
}

/** The desk's own configuration: agency printed on the forms, dossier code partition, cut-off and result time. */
export function SettingsScreen() {
  const t = useT();
  const db = getDatabase();
  const [draft, setDraft] = useState<ReceiptSettings>();
  const [notice, setNotice] = useState<Notice>();
  useEffect(() => {
    void readReceiptSettings(db).then(setDraft);
  }, [db]);
  if (!draft) return null;

  const update = (change: (current: ReceiptSettings) => ReceiptSettings) => {
    setNotice(undefined);
    setDraft(change(draft));
  };
  let partition: string;
  try {
    const { from, to } = deskPartition(draft.dossierCode);
    partition = t('settings.partition', { from: String(from).padStart(4, '0'), to: String(to).padStart(4, '0') });
  } catch (error) {
    partition = userMessageOf(error);
  }

  async function save() {
    if (!draft) return;
    try {
      await saveReceiptSettings(db, draft, draft.officerName);
      setNotice({ kind: 'ok', text: t('settings.saved') });
    } catch (error) {
      setNotice({ kind: 'error', text: userMessageOf(error) });
    }
  }

  const field = (label: string, name: string, type: 'text' | 'number', value: string, onChange: (value: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <input type={type} name={name} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
  const text = (label: string, name: string, value: string, onChange: (value: string) => void) => field(label, name, 'text', value, onChange);
  const time = (label: string, name: string, value: string, onChange: (value: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <TimeField name={name} value={value} onChange={(next) => next !== '' && onChange(next)} />
    </label>
  );

  return (
    <section className="card settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings.heading')}</h1>
      <fieldset>
        <legend>{t('settings.agency')}</legend>
        {text(t('settings.parentName'), 'parentName', draft.agency.parentName, (value) => update((d) => ({ ...d, agency: { ...d.agency, parentName: value } })))}
        {text(t('settings.unitName'), 'unitName', draft.agency.unitName, (value) => update((d) => ({ ...d, agency: { ...d.agency, unitName: value } })))}
        {text(t('settings.place'), 'place', draft.agency.place, (value) => update((d) => ({ ...d, agency: { ...d.agency, place: value } })))}
        {text(t('settings.resultPlace'), 'resultPlace', draft.resultPlace, (value) => update((d) => ({ ...d, resultPlace: value })))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.dossierCode')}</legend>
        {text(t('settings.agencyCode'), 'agencyCode', draft.dossierCode.agencyCode, (value) =>
          update((d) => ({ ...d, dossierCode: { ...d.dossierCode, agencyCode: value.trim().toUpperCase() } })),
        )}
        {field(t('settings.deskNumber'), 'deskNumber', 'number', String(draft.dossierCode.deskSlot + 1), (value) =>
          update((d) => ({ ...d, dossierCode: { ...d.dossierCode, deskSlot: Number(value) - 1 } })),
        )}
        {field(t('settings.deskCount'), 'deskCount', 'number', String(draft.dossierCode.deskCount), (value) =>
          update((d) => ({ ...d, dossierCode: { ...d.dossierCode, deskCount: Number(value) } })),
        )}
        <p className="hint" data-testid="desk-partition">
          {partition}
        </p>
      </fieldset>
      <fieldset>
        <legend>{t('settings.times')}</legend>
        {time(t('settings.cutoff'), 'cutoff', toTime(draft.dueDateRules.cutoff), (value) => update((d) => ({ ...d, dueDateRules: { ...d.dueDateRules, cutoff: fromTime(value) } })))}
        {time(t('settings.resultTime'), 'resultTime', toTime(draft.dueDateRules.resultTime), (value) =>
          update((d) => ({ ...d, dueDateRules: { ...d.dueDateRules, resultTime: fromTime(value) } })),
        )}
        {text(t('settings.officerName'), 'officerName', draft.officerName, (value) => update((d) => ({ ...d, officerName: value })))}
      </fieldset>
      <NoticeBanner notice={notice} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()}>
          {t('settings.save')}
        </button>
      </div>
      <HubEnrolmentSection />
      <SyncSettingsSection />
    </section>
  );
}
