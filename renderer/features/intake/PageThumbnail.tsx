import { useEffect, useRef } from 'react';
import type { Page } from '../../db/types';

/** Shows a stored page image; the object URL lives only while the thumbnail is on screen. */
export function PageThumbnail({ page, label, onRemove, removeLabel }: { page: Page; label: string; onRemove(): void; removeLabel: string }) {
  const image = useRef<HTMLImageElement>(null);
  const decodable = page.mime !== 'image/tiff';
  useEffect(() => {
    const element = image.current;
    if (!element || !decodable) return undefined;
    const objectUrl = URL.createObjectURL(page.image);
    element.src = objectUrl;
    return () => URL.revokeObjectURL(objectUrl);
  }, [page.image, decodable]);
  return (
    <figure className="thumb" data-testid="page-thumb">
      {decodable ? <img ref={image} alt={label} className={`rot-${page.rotation}`} /> : <div className="thumb-placeholder">TIFF</div>}
      <figcaption>
        {label}
        <button type="button" className="icon-button" aria-label={`${removeLabel} ${label}`} title={removeLabel} onClick={onRemove}>
          ×
        </button>
      </figcaption>
    </figure>
  );
}
