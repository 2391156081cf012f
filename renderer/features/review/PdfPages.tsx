import { useEffect, useRef, useState } from 'react';
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { translate, useLocale, useT } from '../../i18n/i18n';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Width the pages are drawn at, in CSS pixels; the canvas is drawn at the screen's pixel ratio. */
const PAGE_WIDTH = 560;

/**
 * Draws every page of a stored PDF onto canvases with pdf.js in its own worker. No script of the
 * PDF runs and fonts are not compiled with eval, which the app's CSP forbids anyway.
 */
export function PdfPages({ data, name }: { data: Blob; name: string }) {
  const t = useT();
  const locale = useLocale((state) => state.locale);
  const holder = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ pages?: number; error?: string }>({});

  useEffect(() => {
    let cancelled = false;
    const task = { destroy: () => Promise.resolve() };
    void (async () => {
      try {
        const loading = getDocument({ data: new Uint8Array(await data.arrayBuffer()), isEvalSupported: false, enableXfa: false, useSystemFonts: false });
        task.destroy = () => loading.destroy();
        const pdf = await loading.promise;
        const container = holder.current;
        if (cancelled || !container) return;
        container.replaceChildren();
        for (let number = 1; number <= pdf.numPages && !cancelled; number++) {
          const page = await pdf.getPage(number);
          const unscaled = page.getViewport({ scale: 1 });
          const ratio = window.devicePixelRatio || 1;
          const viewport = page.getViewport({ scale: (PAGE_WIDTH / unscaled.width) * ratio });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.className = 'pdf-page';
          canvas.setAttribute('aria-label', translate(locale, 'review.pageOf', { page: number, pages: pdf.numPages, name }));
          canvas.dataset.testid = 'pdf-page';
          container.append(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        if (!cancelled) setState({ pages: pdf.numPages });
      } catch (error) {
        if (!cancelled) setState({ error: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [data, name, locale]);

  return (
    <div className="pdf-view" data-testid="pdf-view" data-pages={state.pages ?? 0}>
      {state.error && (
        <p className="alert error">
          {t('review.pdfError', { name })} ({state.error})
        </p>
      )}
      <div ref={holder} className="pdf-pages" />
    </div>
  );
}
