import type { OcrPage } from '../../../preload/shared/ocr/ocrTypes';
import type { Page } from '../../db/types';

/**
 * A stored page with its OCR word boxes. `ocr` is an extra, non-indexed field of the pages table
 * (no schema change needed): `ocrText` serves search, `ocr` the PDF text layer.
 */
export type PageWithOcr = Page & { ocr?: OcrPage };
