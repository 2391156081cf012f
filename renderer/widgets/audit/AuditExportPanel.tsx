import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { auditEntryCount } from '../../db/queries/audit';
import { useT } from '../../i18n/i18n';
import { exportAuditLog } from '../../operations/audit/exportAuditLog';
import { userMessageOf } from '../../../preload/shared/errors/DeskFailure';

/** Export of the audit chain to a file, verified by main; shows what the verification found. */
export function AuditExportPanel() {
  const t = useT();
  const db = getDatabase();
  const count = useLiveQuery(() => auditEntryCount(db), [db]);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    try {
      const { path, verification } = await exportAuditLog(db);
      setResult({ ok: verification.ok, text: t('audit.exported', { path, message: verification.message }) });
    } catch (error) {
      setResult({ ok: false, text: userMessageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="audit-export">
      <legend>{t('audit.heading')}</legend>
      <p className="hint">{t('audit.hint', { count: count ?? 0 })}</p>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
          {t('audit.export')}
        </button>
      </div>
      {result && (
        <p className={result.ok ? 'alert ok' : 'alert error'} data-testid="audit-export-result">
          {result.text}
        </p>
      )}
    </fieldset>
  );
}
