import { useEffect, useState } from 'react';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useScan, type ScanSettingsState } from '../../operations/scan/scanStore';

const sources: ScanSettingsState['source'][] = ['adf', 'adf-duplex', 'platen'];
const colorModes: ScanSettingsState['colorMode'][] = ['color', 'gray', 'bw'];
const resolutions = [150, 200, 300, 400, 600];

/** Scanner choice and settings for the dossier being taken in, with the state of the running job. */
export function ScanToolbar({ dossierId }: { dossierId: string }) {
  const t = useT();
  const { devices, searching, backendErrors, listed, deviceId, settings, jobs, stored, error, loadDevices, selectDevice, changeSettings, cancel, addNetworkScanner } = useScan();
  const [networkUrl, setNetworkUrl] = useState('');
  useEffect(() => {
    void loadDevices();
  }, [loadDevices]);
  const device = devices.find((d) => d.id === deviceId);
  const job = Object.values(jobs).filter((j) => j.target.dossierId === dossierId).at(-1);

  return (
    <div className="scan-toolbar" data-testid="scan-toolbar">
      <div className="scan-settings">
        <label className="field">
          <span>{t('scan.device')}</span>
          <select name="scanDevice" value={deviceId ?? ''} onChange={(event) => selectDevice(event.target.value)}>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('scan.source')}</span>
          <select name="scanSource" value={settings.source} onChange={(event) => changeSettings({ source: event.target.value as ScanSettingsState['source'] })}>
            {sources.map((s) => (
              <option key={s} value={s}>
                {t(`scan.source.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('scan.colorMode')}</span>
          <select name="scanColor" value={settings.colorMode} onChange={(event) => changeSettings({ colorMode: event.target.value as ScanSettingsState['colorMode'] })}>
            {colorModes.map((m) => (
              <option key={m} value={m}>
                {t(`scan.color.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('scan.dpi')}</span>
          <select name="scanDpi" value={settings.dpi} onChange={(event) => changeSettings({ dpi: Number(event.target.value) })}>
            {resolutions.map((dpi) => (
              <option key={dpi} value={dpi}>
                {dpi}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void loadDevices()}>
          {t('scan.refresh')}
        </button>
      </div>
      <form
        className="scan-settings"
        onSubmit={(event) => {
          event.preventDefault();
          void addNetworkScanner(networkUrl).then((added) => added && setNetworkUrl(''));
        }}
      >
        <label className="field">
          <span>{t('scan.networkUrl')}</span>
          <input name="networkScannerUrl" type="url" placeholder="http://192.168.1.20/eSCL" value={networkUrl} onChange={(event) => setNetworkUrl(event.target.value)} />
        </label>
        <button type="submit" className="secondary" disabled={!networkUrl.trim()}>
          {t('scan.addNetwork')}
        </button>
      </form>
      <div className="scanner-list-state" aria-live="polite">
        {(searching.length > 0 || !listed) && (
          <div className="muted" data-testid="scanner-search">
            {t('scan.searching')}
          </div>
        )}
        {backendErrors.map((line) => (
          <div key={line} className="field-error" data-testid="scanner-backend-error">
            {line}
          </div>
        ))}
        {/* Only when every backend has answered: a slow one may still find a scanner. */}
        {listed && searching.length === 0 && devices.length === 0 && <div className="muted">{t('scan.noDevice')}</div>}
      </div>
      {device?.training && <div className="tag training">{t('scan.training')}</div>}
      {settings.dpi < 200 && <div className="field-error">{t('scan.lowDpi')}</div>}
      {job && (
        <div className={job.state === 'failed' ? 'alert error' : 'alert ok'} role={job.state === 'failed' ? 'alert' : 'status'} data-testid="scan-status">
          {job.state === 'scanning' && (
            <>
              {t('scan.progress', { stored: stored[job.jobId] ?? 0 })}{' '}
              <button type="button" className="secondary" onClick={() => void cancel(job.jobId)}>
                {t('scan.cancel')}
              </button>
            </>
          )}
          {job.state === 'completed' && t('scan.completed', { pages: job.pages })}
          {(job.state === 'failed' || job.state === 'cancelled') && job.error?.message}
        </div>
      )}
      {job?.notices?.map((notice, i) => (
        <div key={`${notice.code}-${i}`} className="alert warning" data-testid="scan-notice">
          {notice.message}
        </div>
      ))}
      {error && (
        <div className="alert error" role="alert">
          {error.message}
        </div>
      )}
    </div>
  );
}
