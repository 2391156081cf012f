import { useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { componentPageIds } from '../../db/queries/pages';
import type { DossierComponent } from '../../db/types';
import { useT } from '../../i18n/i18n';
import { addPages, draftComponents, removePage } from '../../operations/dossier/dossierDrafts';
import { IMAGE_IMPORT_PROBLEM_KEYS, ImageImportError, readImageFile, type ImportedImage } from '../../operations/dossier/readImageFile';
import { sniffImageType } from '../../../preload/shared/image/sniffImageType';
import { StoredPageThumbnail } from './PageThumbnail';
import { ScanToolbar } from '../../widgets/scan/ScanToolbar';
import { useScan } from '../../operations/scan/scanStore';

/** PDF ("%PDF-") and TIFF ("II*\0" / "MM\0*") files, which the browser cannot show as pages. */
function convertedInMain(head: Uint8Array): boolean {
  const type = sniffImageType(head);
  return type === 'pdf' || type === 'tiff';
}


/** The procedure's components with the pages stored for each, and an import button per component. */
export function ComponentChecklist({ dossierId }: { dossierId: string }) {
  const t = useT();
  const db = getDatabase();
  // A draft not stored yet shows its planned checklist; the same rows are stored with its first page.
  const components = useLiveQuery(() => draftComponents(db, dossierId), [dossierId]);
  // Page ids by component, in page order, from the indexes alone: reading the pages here would open
  // every sealed image of the dossier each time one page arrives. Each thumbnail reads its own page.
  const pageIds = useLiveQuery(() => componentPageIds(db, dossierId), [dossierId]);
  const [errors, setErrors] = useState<string[]>([]);
  const startScan = useScan((state) => state.start);
  const importInMain = useScan((state) => state.importFiles);
  const canScan = useScan((state) => state.deviceId !== undefined && !Object.values(state.jobs).some((job) => job.state === 'scanning' && job.deviceId === state.deviceId));

  async function importFiles(component: DossierComponent, files: FileList | null) {
    if (!files || files.length === 0) return;
    const good: ImportedImage[] = [];
    const problems: string[] = [];
    const forMain: File[] = [];
    for (const file of Array.from(files)) {
      // PDF and TIFF pages are taken out and converted in main; they arrive like scanned pages.
      if (convertedInMain(new Uint8Array(await file.slice(0, 5).arrayBuffer()))) {
        forMain.push(file);
        continue;
      }
      try {
        good.push(await readImageFile(file));
      } catch (error) {
        const reason = error instanceof ImageImportError ? t(IMAGE_IMPORT_PROBLEM_KEYS[error.problem]) : String(error);
        problems.push(t('intake.importFailed', { file: file.name, reason }));
      }
    }
    // The good files are kept even when others in the same selection are broken.
    if (good.length > 0) await addPages(db, dossierId, component.id, good, 'file-import');
    if (forMain.length > 0) await importInMain({ dossierId, componentId: component.id }, forMain, forMain.map((f) => f.name));
    setErrors(problems);
  }

  return (
    <section className="card" aria-labelledby="components-heading">
      <h2 id="components-heading">{t('intake.components')}</h2>
      <ScanToolbar dossierId={dossierId} />
      {errors.length > 0 && (
        <div className="alert error" role="alert">
          {errors.map((message) => (
            <div key={message}>{message}</div>
          ))}
        </div>
      )}
      <ol className="component-list">
        {(components ?? []).map((component) => {
          const componentPages = pageIds?.get(component.id) ?? [];
          return (
            <ComponentRow
              key={component.id}
              component={component}
              pageCount={componentPages.length}
              onFiles={(files) => void importFiles(component, files)}
              onScan={() => void startScan({ dossierId, componentId: component.id })}
              canScan={canScan}
            >
              {componentPages.map((pageId, index) => (
                <StoredPageThumbnail
                  key={pageId}
                  pageId={pageId}
                  label={`${index + 1}`}
                  removeLabel={t('intake.removePage')}
                  onRemove={() => void removePage(db, pageId)}
                  components={components ?? []}
                />
              ))}
            </ComponentRow>
          );
        })}
      </ol>
    </section>
  );
}

interface ComponentRowProps {
  component: DossierComponent;
  pageCount: number;
  canScan: boolean;
  onFiles(files: FileList | null): void;
  onScan(): void;
  children: React.ReactNode;
}

function ComponentRow({ component, pageCount, canScan, onFiles, onScan, children }: ComponentRowProps) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const formKey = `intake.form.${component.form}` as const;
  return (
    <li className="component" data-testid="component" data-component-id={component.componentId}>
      <div className="component-head">
        <span className="component-name">{component.name}</span>
        <span className="tag">{t(formKey)}</span>
        <span className={component.required ? 'tag required' : 'tag'}>{component.required ? t('intake.componentRequired') : t('intake.componentOptional')}</span>
        <span className="page-count">{t('intake.pages', { count: pageCount })}</span>
        <button type="button" className="secondary" disabled={!canScan} onClick={onScan}>
          {t('scan.scanInto')}
        </button>
        <button type="button" className="secondary" onClick={() => input.current?.click()}>
          {t('intake.addPages')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept="image/jpeg,image/png,image/tiff,image/webp,application/pdf"
          aria-label={`${t('intake.addPages')}: ${component.name}`}
          onChange={(event) => {
            onFiles(event.target.files);
            event.target.value = '';
          }}
        />
      </div>
      <div className="thumbs">{children}</div>
    </li>
  );
}
