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

/** Symbols-only "words" below this confidence are specks of dust or toner, not text. */
const SPECK_CONFIDENCE = 60;

function isSpeck(text: string, confidence: number): boolean {
  return confidence < SPECK_CONFIDENCE && !/[\p{L}\p{N}]/u.test(text);
}

/** A horizontal gap wider than this many line heights separates columns, not words. */
const COLUMN_GAP_LINE_HEIGHTS = 2;

function boxOf(words: readonly OcrWord[]): PixelBox {
  return {
    x0: Math.min(...words.map((w) => w.box.x0)),
    y0: Math.min(...words.map((w) => w.box.y0)),
    x1: Math.max(...words.map((w) => w.box.x1)),
    y1: Math.max(...words.map((w) => w.box.y1)),
  };
}

/** Splits an engine line at column-sized gaps: official headers put the agency and the national motto side by side. */
function splitAtColumnGaps(words: OcrWord[], lineHeight: number): OcrWord[][] {
  const segments: OcrWord[][] = [[]];
  for (const [i, word] of words.entries()) {
    const previous = words[i - 1];
    if (previous && word.box.x0 - previous.box.x1 > COLUMN_GAP_LINE_HEIGHTS * lineHeight) segments.push([]);
    segments.at(-1)!.push(word);
  }
  return segments;
}

/**
 * Turns tesseract's block tree into our engine-neutral page: empty words dropped, text in NFC so
 * search and the PDF text layer see the same precomposed Vietnamese letters; low-confidence
 * symbol-only words (specks on noisy scans) are dropped. Lines that span two
 * columns (the two-column official header, which both automatic and single-block segmentation
 * read straight across) are split at the gap, and a run of such lines is read column by column:
 * "ỦY BAN NHÂN DÂN / PHƯỜNG X" then "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc".
 */
export function pageFromTesseractBlocks(blocks: readonly TesseractBlockLike[] | null | undefined, width: number, height: number, segmentation: SegmentationMode): OcrPage {
  const lines: OcrLine[] = [];
  const blockTexts: string[] = [];
  let confidenceSum = 0;
  let wordCount = 0;
  for (const block of blocks ?? []) {
    const blockLines: OcrLine[] = [];
    let run: OcrLine[][] = [];
    const flushRun = () => {
      const columns = Math.max(0, ...run.map((segments) => segments.length));
      for (let column = 0; column < columns; column += 1) {
        for (const segments of run) if (segments[column]) blockLines.push(segments[column]!);
      }
      run = [];
    };
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: OcrWord[] = [];
        for (const word of line.words) {
          const text = word.text.normalize('NFC').trim();
          if (!text || isSpeck(text, word.confidence)) continue;
          words.push({ text, box: { ...word.bbox }, confidence: word.confidence });
          confidenceSum += word.confidence;
          wordCount += 1;
        }
        if (words.length === 0) continue;
        const b = line.baseline;
        const baseline = b && b.has_baseline !== false ? { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 } : undefined;
        const segments = splitAtColumnGaps(words, Math.max(1, line.bbox.y1 - line.bbox.y0)).map(
          (segment): OcrLine => ({ words: segment, box: segment.length === words.length ? { ...line.bbox } : boxOf(segment), ...(baseline ? { baseline } : {}) }),
        );
        if (segments.length > 1) {
          run.push(segments);
        } else {
          flushRun();
          blockLines.push(segments[0]!);
        }
      }
    }
    flushRun();
    if (blockLines.length > 0) {
      lines.push(...blockLines);
      blockTexts.push(blockLines.map((line) => line.words.map((w) => w.text).join(' ')).join('\n'));
    }
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
