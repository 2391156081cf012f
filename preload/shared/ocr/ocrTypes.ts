/** Pixel rectangle in the page image: x grows right, y grows down (image convention). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One recognised word with its position in the image, the unit the PDF text layer is built from. */
export interface OcrWord {
  text: string;
  box: PixelBox;
  /** 0-100 as reported by the engine. */
  confidence: number;
}

/** A text line: its words in reading order and, if known, its baseline as a segment (skewed scans slope). */
export interface OcrLine {
  words: OcrWord[];
  box: PixelBox;
  baseline?: { x0: number; y0: number; x1: number; y1: number };
}

/** Page segmentation modes we use: 3 = automatic layout analysis, 6 = one uniform block of text. */
export type SegmentationMode = 3 | 6;

/** The OCR result of one page image, independent of the engine that produced it. */
export interface OcrPage {
  /** Size of the image the boxes refer to, in pixels. */
  width: number;
  height: number;
  lines: OcrLine[];
  /** Plain text, lines separated by \n and blocks by a blank line (NFC). */
  text: string;
  meanConfidence: number;
  segmentation: SegmentationMode;
  /**
   * Clockwise rotation applied to the scanned image before recognition (the page's rotation at the
   * time): boxes refer to the upright image. Absent means 0.
   */
  rotation?: 0 | 90 | 180 | 270;
}
