import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { messagesVi, type MessageKey } from '../../i18n/messagesVi';
import { IMAGE_TYPE_MIME, sniffImageType } from '../../../preload/shared/image/sniffImageType';
import { encodeRgbaPng } from '../../../preload/shared/image/encodeRgbaPng';

/** Why an imported file was refused; the UI turns it into a Vietnamese message. */
export type ImageImportProblem = 'empty' | 'notImage' | 'unreadable';

export interface ImportedImage {
  blob: Blob;
  mime: string;
  width: number;
  height: number;
}

/** The i18n key of each import problem, shown by the UI in the officer's language. */
export const IMAGE_IMPORT_PROBLEM_KEYS = { empty: 'intake.importEmpty', notImage: 'intake.importNotImage', unreadable: 'intake.importUnreadable' } as const satisfies Record<ImageImportProblem, MessageKey>;

/**
 * A file the officer chose that cannot be imported. `problem` names the i18n key the UI translates
 * `userMessage` is the Vietnamese text of the same key for callers without i18n.
 */
export class ImageImportError extends DeskFailure {
  constructor(readonly problem: ImageImportProblem, detail: string) {
    super(`image-import-${problem}`, messagesVi[IMAGE_IMPORT_PROBLEM_KEYS[problem]], detail, { message: detail });
    this.name = 'ImageImportError';
  }
}

/** Recognises image formats by their first bytes; the file name and browser MIME guess are not trusted. */
export function sniffImageMime(head: Uint8Array): string | undefined {
  const type = sniffImageType(head);
  return type === 'jpeg' || type === 'png' || type === 'tiff' || type === 'webp' ? IMAGE_TYPE_MIME[type] : undefined;
}

/**
 * Reads an image file chosen by the officer and checks that it really decodes, so a broken file
 * is refused at the desk instead of failing later in OCR or packaging.
 */
export async function readImageFile(file: Blob): Promise<ImportedImage> {
  if (file.size === 0) throw new ImageImportError('empty', 'empty file');
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const mime = sniffImageMime(head);
  if (!mime) throw new ImageImportError('notImage', 'unknown signature');
  const blob = file.type === mime ? file : new Blob([file], { type: mime });
  if (mime === 'image/tiff') {
    // Browsers do not decode TIFF; the scanning pipeline converts it. Keep the bytes as they are.
    return { blob, mime, width: 0, height: 0 };
  }
  let bitmap: ImageBitmap;
  try {
    // The file's own samples: no colour-space conversion, alpha not premultiplied.
    bitmap = await createImageBitmap(blob, mime === 'image/webp' ? { colorSpaceConversion: 'none', premultiplyAlpha: 'none' } : {});
  } catch (error) {
    throw new ImageImportError('unreadable', error instanceof Error ? error.message : String(error));
  }
  const { width, height } = bitmap;
  try {
    if (mime === 'image/webp') return { blob: await webpAsPng(bitmap), mime: 'image/png', width, height };
  } finally {
    bitmap.close();
  }
  return { blob, mime, width, height };
}

/**
 * A WebP page kept as a lossless PNG of its decoded pixels. A PDF cannot carry WebP, so packaging
 * would refuse the page, and re-encoding it later as JPEG would lose detail a second time (most
 * WebP files are lossy already); decoded once here, the pixels the officer saw are the ones stored
 * and packaged. Opaque pixels go through the canvas unchanged (a scan has no transparency).
 */
async function webpAsPng(bitmap: ImageBitmap): Promise<Blob> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageImportError('unreadable', 'no 2D canvas to decode WebP');
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  return new Blob([(await encodeRgbaPng(bitmap.width, bitmap.height, data)) as Uint8Array<ArrayBuffer>], { type: 'image/png' });
}
