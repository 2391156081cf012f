import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { componentFiles } from '../../db/queries/files';
import type { Dossier } from '../../db/types';
import { useT } from '../../i18n/i18n';
import { useDigitize } from '../../operations/digitize/digitizeStore';
import { FileDownloadLink } from './FileDownloadLink';

/**
 * Progress of a sealed dossier's OCR and packaging, then its files with their SHA-256 and the seal
 * fingerprint. The dossier comes from the seal panel's query, the one its receipt link reads too.
 */
export function DigitizeStatus({ dossier }: { dossier: Dossier }) {
  const dossierId = dossier.id;
  const t = useT();
  const db = getDatabase();
  const state = useDigitize((store) => store.byDossier[dossierId]);
  const enqueue = useDigitize((store) => store.enqueue);
  const files = useLiveQuery(() => componentFiles(db, dossierId), [dossierId]);

  return (
    <div className="digitize" data-testid="digitize-status">
      <h3>{t('digitize.heading')}</h3>
      {state?.state === 'queued' && <p role="status">{t('digitize.queued')}</p>}
      {state?.state === 'running' && (
        <p role="status">
          {t(state.phase === 'ocr' ? 'digitize.ocr' : 'digitize.package', { done: state.done, total: state.total })}
          <progress max={Math.max(state.total, 1)} value={state.done} />
        </p>
      )}
      {state?.state === 'failed' && (
        <div className="alert error" role="alert">
          {t('digitize.failed', { message: state.message })}{' '}
          <button type="button" className="secondary" onClick={() => enqueue(dossierId)}>
            {t('digitize.retry')}
          </button>
        </div>
      )}
      {state?.state === 'done' && (
        <>
          <p role="status">{t('digitize.done', { files: state.result.files.length })}</p>
          {state.result.ocrFailed > 0 && <p className="hint">{t('digitize.ocrFailed', { count: state.result.ocrFailed })}</p>}
          <p className="hint">{t('digitize.reprint')}</p>
        </>
      )}
      {/* Pages changed after the files were made (a rescan after a send-back): the files are made again
          on the officer's word, and a delivered dossier then goes to the office hub as its next revision. */}
      {dossier.digitizedAt && (dossier.pagesChangedAt ?? 0) > dossier.digitizedAt && state?.state !== 'queued' && state?.state !== 'running' && (
        <p className="hint" data-testid="digitize-stale">
          {t('digitize.stale')}{' '}
          <button type="button" className="secondary" onClick={() => enqueue(dossierId)}>
            {t('digitize.retry')}
          </button>
        </p>
      )}
      {dossier.filesFingerprint && (
        <dl className="receipt-facts">
          <dt>{t('digitize.fingerprint')}</dt>
          <dd data-testid="files-fingerprint">{dossier.filesFingerprint}</dd>
        </dl>
      )}
      {dossier.digitizedAt && files && files.length > 0 && (
        <ul className="file-list" data-testid="digitized-files">
          {files.map((file) => (
            <li key={file.id}>
              <FileDownloadLink data={file.data} name={file.name} testId="digitized-file" auditDossierId={file.dossierId}>
                {file.name}
              </FileDownloadLink>{' '}
              <code title={file.sha256}>{file.sha256.slice(0, 12)}…</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
