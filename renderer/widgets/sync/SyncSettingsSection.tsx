import { useEffect, useState } from 'react';
import type { SyncConfig } from '../../../preload/contract';
import { NoticeBanner, type Notice } from '../NoticeBanner';
import { useT } from '../../i18n/i18n';
import { getDesk } from '../../platform/desk';

/** Server address, token and concurrency of the sync; all kept by main (the token in the OS keychain). */
export function SyncSettingsSection() {
  const t = useT();
  const [config, setConfig] = useState<SyncConfig>();
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [concurrency, setConcurrency] = useState(1);
  const [notice, setNotice] = useState<Notice>();

  useEffect(() => {
    void getDesk()
      .sync.getConfig()
      .then((result) => {
        if (!result.ok) return setNotice({ kind: 'error', text: result.error.message });
        setConfig(result.value);
        setServerUrl(result.value.serverUrl ?? '');
        setConcurrency(result.value.concurrency);
      });
    // An enrolment in the section above changes the address and token: show them here too.
    return getDesk().sync.onConfigChanged((next) => {
      setConfig(next);
      setServerUrl(next.serverUrl ?? '');
    });
  }, []);

  async function save(clearToken = false) {
    const trimmed = serverUrl.trim();
    const result = await getDesk().sync.setConfig({
      serverUrl: trimmed === '' ? null : trimmed,
      ...(clearToken ? { token: null } : token ? { token } : {}),
      concurrency,
    });
    if (!result.ok) {
      setNotice({ kind: 'error', text: result.error.code === 'invalid-input' ? t('settings.serverUrl') + ': ' + result.error.message : result.error.message });
      return;
    }
    setConfig(result.value);
    setToken('');
    setNotice({ kind: 'ok', text: t('settings.syncSaved') });
  }

  return (
    <fieldset className="sync-settings">
      <legend>{t('settings.sync')}</legend>
      <label className="field">
        <span>{t('settings.serverUrl')}</span>
        <input type="url" name="serverUrl" placeholder="https://" value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('settings.token')}</span>
        <input type="password" name="syncToken" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} />
      </label>
      <p className="hint">{config?.hasToken ? t('settings.tokenStored', { protection: config.protection }) : t('settings.tokenNone')}</p>
      <label className="field">
        <span>{t('settings.concurrency')}</span>
        <input type="number" name="concurrency" min={1} max={8} value={concurrency} onChange={(event) => setConcurrency(Math.min(8, Math.max(1, Number(event.target.value) || 1)))} />
      </label>
      <NoticeBanner notice={notice} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()}>
          {t('settings.syncSave')}
        </button>
        {config?.hasToken && (
          <button type="button" className="secondary" onClick={() => void save(true)}>
            {t('settings.tokenClear')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
