import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AuthGate } from './features/auth/AuthGate';
import { getDatabase, watchSchemaChanges } from './db/deskHandle';
import { seedCatalog } from './db/seedCatalog';
import { translate, useLocale } from './i18n/i18n';
import { startScanReceiver } from './operations/scan/scanStore';
import { resumeDigitization } from './operations/digitize/digitizeStore';
import { installKeyboardShortcuts } from './app/keyboardShortcuts';
import { startSync } from './operations/sync/syncStore';
import './styles.css';
import { startDataKeyBroker } from './db/encryption/dataKeyBroker';
import { getDesk } from './platform/desk';

// Personal data in IndexedDB is sealed with a key kept by main (OS keychain); hand it out before any read.
startDataKeyBroker(async () => {
  const reply = await getDesk().vault.dataKey();
  if (!reply.ok) throw new Error(reply.error.message);
  const binary = atob(reply.value.key);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
});

const db = getDatabase();
watchSchemaChanges(db, {
  // Another window upgraded the schema: the connection is closed so it can proceed; ask for a reload.
  onVersionChange: () => window.alert(translate(useLocale.getState().locale, 'db.versionChanged')),
  onBlocked: () => window.alert(translate(useLocale.getState().locale, 'db.blocked')),
});

void seedCatalog(db)
  .catch((error: unknown) => console.error("Không nạp được danh mục thủ tục mẫu", error))
  .finally(() => {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing');
  try {
    startScanReceiver();
  } catch (error) {
    console.error('Không kết nối được máy quét với cửa sổ này', error);
  }
  installKeyboardShortcuts();
  try {
    startSync();
  } catch (error) {
    console.error('Không khởi động được đồng bộ', error);
  }
  void resumeDigitization().catch((error: unknown) => console.error('Không tiếp tục số hóa được các hồ sơ đang dở', error));
  createRoot(root).render(
    <StrictMode>
      <AuthGate>
        <App />
      </AuthGate>
    </StrictMode>,
  );
});
