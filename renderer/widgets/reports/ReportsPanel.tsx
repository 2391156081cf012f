import { useState } from 'react';
import { getDatabase } from '../../db/deskHandle';
import { useT } from '../../i18n/i18n';
import { useAppInfo } from '../../operations/app/appInfoStore';
import type { ReportPeriodKind } from '../../../preload/shared/domain/reports/intakeReport';
import { exportReport, type ReportFormat } from '../../operations/reports/exportReport';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';

/** Downloads a file made in memory: a link clicked once, its object URL released afterwards. */
function download(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The day's or month's intake report (XLSX, PDF) and the register book, for the chosen day. */
export function ReportsPanel({ day }: { day: string }) {
  const t = useT();
  const training = useAppInfo((state) => state.info?.mode !== 'production');
  const [kind, setKind] = useState<ReportPeriodKind>('day');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function run(format: ReportFormat) {
    setBusy(true);
    setProblem(undefined);
    try {
      const { file, name } = await exportReport(getDatabase(), kind, day, format, training);
      download(file, name);
    } catch (error) {
      setProblem(error instanceof DeskFailure ? error.userMessage : t('error.unexpected', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="reports" data-testid="reports-panel">
      <legend>{t('reports.heading')}</legend>
      <label className="field inline">
        <span>{t('reports.period')}</span>
        <select name="reportPeriod" value={kind} onChange={(event) => setKind(event.target.value as ReportPeriodKind)}>
          <option value="day">{t('reports.day')}</option>
          <option value="month">{t('reports.month')}</option>
        </select>
      </label>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('xlsx')}>
          {t('reports.xlsx')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('pdf')}>
          {t('reports.pdf')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('register')}>
          {t('reports.register')}
        </button>
      </div>
      {problem && <p className="alert error">{problem}</p>}
    </fieldset>
  );
}
