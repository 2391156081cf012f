import { useEffect, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { getPage } from '../../db/queries/pages';
import type { DossierComponent, Page } from '../../db/types';
import { SKEW_NOTICE_DEGREES } from '../../../preload/shared/domain/scan/checkPage';
import { useT } from '../../i18n/i18n';
import { checkStoredPage, deskewStoredPage } from '../../operations/scan/pageChecks';
import { useScan } from '../../operations/scan/scanStore';
import { assignPages, movePage, rotatePage } from '../../operations/dossier/dossierDrafts';

interface PageThumbnailProps {
  page: Page;
  label: string;
  onRemove(): void;
  removeLabel: string;
  /** The dossier's other components, for moving a page or splitting a batch. */
  components?: DossierComponent[];
}

/**
 * A thumbnail that reads its own page: the live query follows this one record, so a page arriving
 * elsewhere in the dossier opens no other image.
 */
export function StoredPageThumbnail({ pageId, ...props }: Omit<PageThumbnailProps, 'page'> & { pageId: string }) {
  const page = useLiveQuery(() => getPage(getDatabase(), pageId), [pageId]);
  if (!page) return <figure className="thumb" data-testid="page-thumb-loading" aria-busy="true" />;
  return <PageThumbnail page={page} {...props} />;
}

/**
 * Shows a stored page image with what the page checks found (blank, skew, low resolution) and
 * the page operations. The object URL lives only while the thumbnail is on screen.
 */
export function PageThumbnail({ page, label, onRemove, removeLabel, components = [] }: PageThumbnailProps) {
  const t = useT();
  const image = useRef<HTMLImageElement>(null);
  const decodable = page.mime !== 'image/tiff';
  // Every database change hands out new Blob objects for the same bytes; keying the image on them
  // would decode every thumbnail again for each page that arrives. Size and type change when the
  // image does (a straightened page).
  const imageKey = `${page.id}:${page.image.size}:${page.image.type}`;
  useEffect(() => {
    const element = image.current;
    if (!element || !decodable) return undefined;
    const objectUrl = URL.createObjectURL(page.image);
    element.src = objectUrl;
    return () => URL.revokeObjectURL(objectUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on imageKey on purpose (see above)
  }, [imageKey, decodable]);
  // Checks wait until the dossier's scan has finished, so they never slow the scanner down.
  const scanning = useScan((state) => Object.values(state.jobs).some((job) => job.state === 'scanning' && job.target.dossierId === page.dossierId));
  useEffect(() => {
    if (decodable && !page.checks && !scanning) void checkStoredPage(getDatabase(), page);
  }, [page, decodable, scanning]);
  const checks = page.checks;
  const skewed = checks && Math.abs(checks.skewDegrees) >= SKEW_NOTICE_DEGREES;
  const others = components.filter((c) => c.id !== page.componentId);
  const db = getDatabase();
  return (
    <figure className="thumb" data-testid="page-thumb" data-checked={checks ? 'yes' : 'no'}>
      {decodable ? <img ref={image} alt={label} className={`rot-${page.rotation}`} /> : <div className="thumb-placeholder">TIFF</div>}
      {checks && (checks.blank || skewed || checks.resolution !== 'ok') && (
        <div className="thumb-flags">
          {checks.blank && <span className="tag warn" data-testid="page-flag" data-flag="blank">{t('page.blank')}</span>}
          {skewed && (
            <span className="tag warn" data-testid="page-flag" data-flag="skew">
              {t('page.skew', { degrees: checks.skewDegrees.toFixed(1) })}{' '}
              <button type="button" className="link-button" onClick={() => void deskewStoredPage(db, page)}>
                {t('page.deskew')}
              </button>
            </span>
          )}
          {checks.resolution !== 'ok' && <span className="tag warn" data-testid="page-flag" data-flag="dpi">{t(checks.resolution === 'low' ? 'page.lowDpi' : 'page.unknownDpi')}</span>}
        </div>
      )}
      <figcaption>
        {label}
        <span className="thumb-actions">
          <button type="button" className="icon-button" aria-label={`${t('page.moveEarlier')} ${label}`} title={t('page.moveEarlier')} onClick={() => void movePage(db, page.id, -1)}>
            ‹
          </button>
          <button type="button" className="icon-button" aria-label={`${t('page.rotate')} ${label}`} title={t('page.rotate')} onClick={() => void rotatePage(db, page.id)}>
            ↻
          </button>
          <button type="button" className="icon-button" aria-label={`${t('page.moveLater')} ${label}`} title={t('page.moveLater')} onClick={() => void movePage(db, page.id, 1)}>
            ›
          </button>
          <button type="button" className="icon-button" aria-label={`${removeLabel} ${label}`} title={removeLabel} onClick={onRemove}>
            ×
          </button>
        </span>
      </figcaption>
      {others.length > 0 && (
        <div className="thumb-move">
          <select aria-label={`${t('page.moveTo')} ${label}`} title={t('page.moveTo')} value="" onChange={(event) => event.target.value && void assignPages(db, page.id, event.target.value)}>
            <option value="">{t('page.moveToShort')}</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <select aria-label={`${t('page.splitFrom')} ${label}`} title={t('page.splitFrom')} value="" onChange={(event) => event.target.value && void assignPages(db, page.id, event.target.value, true)}>
            <option value="">{t('page.splitFromShort')}</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </figure>
  );
}
