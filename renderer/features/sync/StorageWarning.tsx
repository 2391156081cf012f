import { useEffect, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n';

/** Below this much free quota the desk is warned: a day of scanning needs a few hundred MB. */
const LOW_FREE_BYTES = 1024 * 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/**
 * Asks the browser to keep the database (no eviction under storage pressure) and warns when the
 * space left for it runs low, rechecked every few minutes while the desk works.
 */
export function StorageWarning() {
  const t = useT();
  const locale = useLocale((state) => state.locale);
  const [free, setFree] = useState<number>();
  const [persisted, setPersisted] = useState(true);
  useEffect(() => {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage) return;
    const check = async () => {
      const { quota = 0, usage = 0 } = await storage.estimate();
      setFree(quota > 0 ? quota - usage : undefined);
    };
    void (async () => {
      setPersisted((await storage.persisted()) || (await storage.persist()));
      await check();
    })();
    const timer = setInterval(() => void check(), 5 * 60_000);
    return () => clearInterval(timer);
  }, [locale]);
  if (free === undefined || free >= LOW_FREE_BYTES) return null;
  return (
    <div className="alert warning" role="alert" data-testid="storage-warning">
      {t('storage.low', { free: formatBytes(Math.max(0, free)) })} {!persisted && t('storage.notPersistent')}
    </div>
  );
}
