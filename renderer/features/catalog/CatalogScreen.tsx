import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { catalogProcedures } from '../../db/queries/procedures';
import { useT } from '../../i18n/i18n';
import { importCatalogFile, type CatalogImport } from '../../../preload/shared/domain/catalog/importCatalog';
import { storeImportedProcedures } from '../../operations/catalog/storeImportedProcedures';
import { replaceCatalogFromOfficeHub, type HubCatalogReplacement } from '../../operations/catalog/replaceCatalogFromHub';

/**
 * The procedure catalog: what the desk offers at intake, and an import of the JSON, CSV or XLSX
 * export of the national procedure database. An import is previewed first: valid procedures with
 * their count and every problem with its row and column, so nothing is stored by surprise.
 */
export function CatalogScreen() {
  const t = useT();
  const db = getDatabase();
  const procedures = useLiveQuery(() => catalogProcedures(db, 'code'), []);
  const [preview, setPreview] = useState<{ fileName: string; result: CatalogImport }>();
  const [notice, setNotice] = useState<string>();
  const [fromHub, setFromHub] = useState<HubCatalogReplacement | 'loading'>();

  async function replaceFromHub() {
    setFromHub('loading');
    setFromHub(await replaceCatalogFromOfficeHub(db));
  }

  async function read(file: File | undefined) {
    setNotice(undefined);
    if (!file) return;
    const result = await importCatalogFile(file.name, new Uint8Array(await file.arrayBuffer()));
    setPreview({ fileName: file.name, result });
  }

  async function store() {
    if (!preview) return;
    const count = await storeImportedProcedures(db, preview.result.procedures, preview.fileName);
    setNotice(t('catalog.imported', { count }));
    setPreview(undefined);
  }

  return (
    <div className="catalog">
      <h1>{t('catalog.heading')}</h1>
      <section className="card" data-testid="catalog-import">
        <h2>{t('catalog.import')}</h2>
        <p className="hint">{t('catalog.importHint')}</p>
        <input type="file" accept=".json,.csv,.xlsx" aria-label={t('catalog.import')} onChange={(event) => void read(event.target.files?.[0])} />
        {preview && (
          <div data-testid="catalog-preview">
            <p>{t('catalog.previewCount', { count: preview.result.procedures.length, file: preview.fileName })}</p>
            {preview.result.issues.length > 0 && (
              <table className="issues" role="alert">
                <thead>
                  <tr>
                    <th>{t('catalog.row')}</th>
                    <th>{t('catalog.column')}</th>
                    <th>{t('catalog.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.result.issues.map((issue, index) => (
                    <tr key={index} data-testid="catalog-issue">
                      <td>{issue.row || '—'}</td>
                      <td>{issue.column ?? ''}</td>
                      <td>{issue.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <button type="button" className="primary" disabled={preview.result.procedures.length === 0} onClick={() => void store()}>
              {t('catalog.store', { count: preview.result.procedures.length })}
            </button>
          </div>
        )}
        {notice && (
          <div className="alert ok" role="status">
            {notice}
          </div>
        )}
      </section>
      <section className="card" data-testid="catalog-from-hub">
        <h2>{t('catalog.fromHub')}</h2>
        <p className="hint">{t('catalog.fromHubHint')}</p>
        <button type="button" className="secondary" disabled={fromHub === 'loading'} onClick={() => void replaceFromHub()}>
          {t('catalog.fromHubButton')}
        </button>
        {fromHub && fromHub !== 'loading' && fromHub.replaced && (
          <div className="alert ok" role="status" data-testid="catalog-from-hub-done">
            {t('catalog.fromHubDone', { count: fromHub.count, kept: fromHub.kept })}
          </div>
        )}
        {fromHub && fromHub !== 'loading' && !fromHub.replaced && (
          <ul className="alert error" role="alert" data-testid="catalog-from-hub-errors">
            {fromHub.errors.map((error, index) => (
              <li key={index}>{error}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t('catalog.list', { count: procedures?.length ?? 0 })}</h2>
        <table className="catalog-table">
          <thead>
            <tr>
              <th>{t('catalog.code')}</th>
              <th>{t('catalog.name')}</th>
              <th>{t('catalog.days')}</th>
              <th>{t('catalog.componentCount')}</th>
            </tr>
          </thead>
          <tbody>
            {(procedures ?? []).map((procedure) => (
              <tr key={procedure.code} data-testid="catalog-row">
                <td>{procedure.code}</td>
                <td>{procedure.name}</td>
                <td>{procedure.processingDays}</td>
                <td>{procedure.components.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
