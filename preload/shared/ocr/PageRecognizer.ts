import { PackagingError } from '../pdf/PackagingError';
import { readScanImageSize } from '../image/readScanImageSize';
import { OcrError } from './OcrError';
import type { OcrPage, SegmentationMode } from './ocrTypes';
import { pageFromTesseractBlocks, type TesseractBlockLike } from './pageFromTesseractBlocks';
import { chooseSegmentation, type SegmentationPolicy } from './chooseSegmentation';

/** The slice of a tesseract.js worker we drive (structural, so Node and browser builds both fit). */
export interface TesseractWorkerLike {
  setParameters(params: Record<string, string>): Promise<unknown>;
  recognize(image: never, options?: object, output?: { blocks?: boolean; text?: boolean }): Promise<{ data: { blocks: TesseractBlockLike[] | null } }>;
  terminate(): Promise<unknown>;
}

export interface RecognizeOptions {
  /** Per-page limit; the engine is restarted when it is exceeded. */
  timeoutMs?: number;
  signal?: AbortSignal;
  policy?: SegmentationPolicy;
  /** Scan resolution; told to the engine so it does not guess from glyph sizes. */
  dpi?: number;
}

/**
 * One OCR engine instance that recognises pages one at a time, with a timeout and cancellation per
 * page. tesseract.js cannot abort a running job, so a timed-out or cancelled page terminates the
 * engine and the next page starts a fresh one: a stuck page never blocks the queue.
 */
export class PageRecognizer {
  private worker: Promise<TesseractWorkerLike> | undefined;
  private busy = false;

  constructor(private readonly createEngine: () => Promise<TesseractWorkerLike>) {}

  /** Recognises one page; `image` is what the platform's tesseract.js accepts (Buffer in Node, Blob in browsers). */
  async recognize(bytes: Uint8Array, image: unknown, options: RecognizeOptions = {}): Promise<OcrPage> {
    if (this.busy) throw new OcrError('engine', 'Bộ nhận dạng đang bận với trang khác.', 'concurrent recognize on one PageRecognizer');
    let size;
    try {
      size = readScanImageSize(bytes);
    } catch (error) {
      if (error instanceof PackagingError) throw new OcrError('image', error.userMessage, error.detail);
      throw error;
    }
    this.busy = true;
    try {
      const dpi = options.dpi ?? size.dpi;
      return await chooseSegmentation(options.policy ?? 'fallback', (mode) => this.runOnce(image, size.width, size.height, mode, { ...options, ...(dpi ? { dpi } : {}) }));
    } finally {
      this.busy = false;
    }
  }

  private async runOnce(image: unknown, width: number, height: number, mode: SegmentationMode, options: RecognizeOptions): Promise<OcrPage> {
    if (options.signal?.aborted) throw cancelled();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const interrupt = new Promise<never>((_, reject) => {
      if (options.timeoutMs) {
        timer = setTimeout(() => reject(new OcrError('timeout', `Nhận dạng chữ quá ${Math.round(options.timeoutMs! / 1000)} giây cho một trang; đã dừng trang này.`, `timeout ${options.timeoutMs} ms`)), options.timeoutMs);
      }
      if (options.signal) {
        onAbort = () => reject(cancelled());
        options.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    this.worker ??= this.createEngine();
    const engine = this.worker;
    const work = (async () => {
      const worker = await engine;
      await worker.setParameters({ tessedit_pageseg_mode: String(mode), user_defined_dpi: String(Math.round(options.dpi ?? 0)) });
      const result = await worker.recognize(image as never, {}, { blocks: true, text: false });
      return pageFromTesseractBlocks(result.data.blocks, width, height, mode);
    })();
    try {
      return await Promise.race([work, interrupt]);
    } catch (error) {
      // Whatever went wrong, the next page gets a fresh engine.
      work.catch(() => undefined);
      await this.restart();
      if (error instanceof OcrError) throw error;
      throw new OcrError('engine', 'Bộ nhận dạng chữ gặp lỗi với trang này.', error instanceof Error ? error.message : String(error));
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async restart(): Promise<void> {
    const old = this.worker;
    this.worker = undefined;
    if (old) await old.then((w) => w.terminate()).catch(() => undefined);
  }

  /** Stops the engine; a later recognize starts a new one. */
  async terminate(): Promise<void> {
    await this.restart();
  }
}

function cancelled(): OcrError {
  return new OcrError('cancelled', 'Đã hủy nhận dạng chữ cho trang này.', 'aborted');
}
