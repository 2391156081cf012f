import type { Browser } from 'playwright';
import { renderTestPages, type PageDegradation, type RenderedPage } from './renderTestPages';
import { samplePage } from './vietnameseSamples';

/** A labelled test page: what was done to it, the image and its ground truth. */
export interface LabelledPage extends RenderedPage {
  label: string;
  format: PageDegradation['format'];
}

const SET: Array<{ label: string; degradation: PageDegradation; paragraphs: number }> = [
  { label: '300dpi jpeg clean', degradation: { dpi: 300, format: 'jpeg' }, paragraphs: 3 },
  { label: '200dpi jpeg skew1.2 blur0.5 specks1.5', degradation: { dpi: 200, format: 'jpeg', rotationDeg: 1.2, blurPx: 0.5, specksPerCm2: 1.5, seed: 11 }, paragraphs: 3 },
  { label: '300dpi bilevel skew-0.8 specks0.8', degradation: { dpi: 300, format: 'bilevel', rotationDeg: -0.8, specksPerCm2: 0.8, seed: 12 }, paragraphs: 4 },
  { label: '200dpi jpeg skew2 blur0.7 specks4', degradation: { dpi: 200, format: 'jpeg', rotationDeg: 2, blurPx: 0.7, specksPerCm2: 4, seed: 13, jpegQuality: 70 }, paragraphs: 3 },
  { label: '300dpi png blur0.4', degradation: { dpi: 300, format: 'png', blurPx: 0.4, seed: 14 }, paragraphs: 2 },
  { label: '200dpi bilevel specks3', degradation: { dpi: 200, format: 'bilevel', rotationDeg: 0.5, specksPerCm2: 3, seed: 15 }, paragraphs: 4 },
  { label: '200dpi jpeg q50 skew1.5 blur0.8 specks10', degradation: { dpi: 200, format: 'jpeg', rotationDeg: 1.5, blurPx: 0.8, specksPerCm2: 10, seed: 41, jpegQuality: 50 }, paragraphs: 3 },
  { label: '200dpi bilevel skew-2.5 blur0.6 specks12', degradation: { dpi: 200, format: 'bilevel', rotationDeg: -2.5, blurPx: 0.6, specksPerCm2: 12, seed: 42 }, paragraphs: 3 },
];

/** The project's standard degraded pages (first `count` of them), rendered in Chromium. */
export async function renderStandardPages(browser: Browser, count = SET.length): Promise<LabelledPage[]> {
  const chosen = SET.slice(0, count);
  const rendered = await renderTestPages(
    browser,
    chosen.map((entry, i) => ({ sample: samplePage(i, entry.paragraphs), degradation: entry.degradation })),
  );
  return rendered.map((page, i) => ({ ...page, label: chosen[i]!.label, format: chosen[i]!.degradation.format }));
}
