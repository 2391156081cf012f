import type { OcrPage, SegmentationMode } from './ocrTypes';
import { vietnameseTextScore } from './vietnameseTextScore';

/**
 * auto: layout analysis only (PSM 3); block: one uniform block (PSM 6);
 * fallback: PSM 3 first, PSM 6 as well only when PSM 3 looks unreliable (see `lostText`).
 */
export type SegmentationPolicy = 'auto' | 'block' | 'fallback';

function characters(page: OcrPage): number {
  return page.lines.reduce((sum, line) => sum + line.words.reduce((s, w) => s + w.text.length, 0), 0);
}

/**
 * Runs the engine under the chosen policy. Measured on generated official pages
 * (test/bench/ocrSegmentation.ts): layout analysis is never worse on clean and moderately noisy
 * pages (block mode reads the two-column header straight across and turns specks into words), so
 * it runs first; on heavily degraded pages either can win, so both run and the result that reads
 * more like Vietnamese (well-formed syllables, little junk) is kept.
 */
export async function chooseSegmentation(policy: SegmentationPolicy, run: (mode: SegmentationMode) => Promise<OcrPage>): Promise<OcrPage> {
  if (policy === 'block') return run(6);
  const layout = await run(3);
  if (policy === 'auto' || !lostText(layout)) return layout;
  const block = await run(6);
  return vietnameseTextScore(block.text) > vietnameseTextScore(layout.text) ? block : layout;
}

/** Signs that layout analysis struggled: little text on the page, or low confidence overall. */
export function lostText(page: OcrPage): boolean {
  return characters(page) < 200 || page.meanConfidence < 70;
}
