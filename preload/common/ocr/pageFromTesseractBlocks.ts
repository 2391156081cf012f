import type { OcrLine, OcrPage, OcrWord, PixelBox, SegmentationMode } from './ocrTypes';

/** The parts of tesseract.js's `blocks` output we read (structural, so this module needs no engine types). */
export interface TesseractBlockLike {
  paragraphs: Array<{
    lines: Array<{
      bbox: PixelBox;
      baseline?: { x0: number; y0: number; x1: number; y1: number; has_baseline?: boolean };
      words: Array<{ text: string; bbox: PixelBox; confidence: number }>;
    }>;
  }>;
}

/**
 * Turns tesseract's block tree into our engine-neutral page: empty words dropped, text in NFC so
 * search and the PDF text layer see the same precomposed Vietnamese letters.
 */
export function pageFromTesseractBlocks(blocks: readonly TesseractBlockLike[] | null | undefined, width: number, height: number, segmentation: SegmentationMode): OcrPage {
  const lines: OcrLine[] = [];
  const blockTexts: string[] = [];
  let confidenceSum = 0;
  let wordCount = 0;
  for (const block of blocks ?? []) {
    const blockLines: string[] = [];
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: OcrWord[] = [];
        for (const word of line.words) {
          const text = word.text.normalize('NFC').trim();
          if (!text) continue;
          words.push({ text, box: { ...word.bbox }, confidence: word.confidence });
          confidenceSum += word.confidence;
          wordCount += 1;
        }
        if (words.length === 0) continue;
        const b = line.baseline;
        const baseline = b && b.has_baseline !== false ? { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 } : undefined;
        lines.push({ words, box: { ...line.bbox }, ...(baseline ? { baseline } : {}) });
        blockLines.push(words.map((w) => w.text).join(' '));
      }
    }
    if (blockLines.length > 0) blockTexts.push(blockLines.join('\n'));
  }
  return {
    width,
    height,
    lines,
    text: blockTexts.join('\n\n'),
    meanConfidence: wordCount ? confidenceSum / wordCount : 0,
    segmentation,
  };
}
