import type { OcrPage, SegmentationMode } from './ocrTypes';

/**
 * auto: layout analysis only (PSM 3); block: one uniform block (PSM 6);
 * fallback: PSM 3 first, PSM 6 only when PSM 3 looks like it dropped text (see `lostText`).
 */
export type SegmentationPolicy = 'auto' | 'block' | 'fallback';

function characters(page: OcrPage): number {
  return page.lines.reduce((sum, line) => sum + line.words.reduce((s, w) => s + w.text.length, 0), 0);
}

/**
 * Runs the engine under the chosen policy. In fallback mode the block result replaces the layout
 * result only when it finds clearly more text (paragraphs that layout analysis discarded as noise),
 * because block mode reads a two-column header line by line across both columns.
 */
export async function chooseSegmentation(policy: SegmentationPolicy, run: (mode: SegmentationMode) => Promise<OcrPage>): Promise<OcrPage> {
  if (policy === 'block') return run(6);
  const layout = await run(3);
  if (policy === 'auto' || !lostText(layout)) return layout;
  const block = await run(6);
  return characters(block) > characters(layout) * 1.15 && block.meanConfidence >= layout.meanConfidence - 10 ? block : layout;
}

/** Signs that layout analysis discarded text: little text on the page, or low confidence overall. */
export function lostText(page: OcrPage): boolean {
  return characters(page) < 200 || page.meanConfidence < 70;
}
