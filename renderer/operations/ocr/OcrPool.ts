import { OcrError } from '../../../preload/shared/ocr/OcrError';
import type { OcrPage } from '../../../preload/shared/ocr/ocrTypes';
import type { RecognizeOptions } from '../../../preload/shared/ocr/PageRecognizer';
import type { SegmentationPolicy } from '../../../preload/shared/ocr/chooseSegmentation';

/** What the pool needs from an engine (PageRecognizer in the app). */
export interface RecognizerLike {
  recognize(bytes: Uint8Array, image: unknown, options?: RecognizeOptions): Promise<OcrPage>;
  terminate(): Promise<void>;
}

export interface OcrJob {
  pageId: string;
  dossierId: string;
  bytes: Uint8Array;
  /** What the engine reads (a Blob in the browser). */
  image: unknown;
  dpi?: number;
}

interface Pending {
  job: OcrJob;
  seq: number;
  controller: AbortController;
  resolve(page: OcrPage): void;
  reject(error: unknown): void;
}

/** Engines to run side by side: one per core, keeping one core for the UI, at most four (memory). */
export function defaultOcrPoolSize(cores: number = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * Runs OCR jobs on a fixed set of engines. Pages of the dossier on screen go first (then oldest
 * first); a dossier's jobs can be cancelled, queued ones at once and running ones by aborting
 * their engine; every page has a timeout. Engines start lazily, so an idle pool costs nothing.
 */
export class OcrPool {
  private readonly queue: Pending[] = [];
  private readonly idle: RecognizerLike[];
  private readonly running = new Map<RecognizerLike, Pending>();
  private readonly inFlight = new Map<string, Promise<OcrPage>>();
  private focusedDossier: string | undefined;
  private seq = 0;
  private disposed = false;

  constructor(
    private readonly engines: RecognizerLike[],
    private readonly options: { timeoutMs: number; policy?: SegmentationPolicy } = { timeoutMs: 120_000 },
  ) {
    this.idle = [...engines];
  }

  /**
   * Queues a page; resolves with its OCR or rejects with an OcrError (timeout, cancelled, image,
   * engine). A page already queued or running is not recognised twice: its pending result is shared.
   */
  submit(job: OcrJob): Promise<OcrPage> {
    if (this.disposed) return Promise.reject(new OcrError('cancelled', 'Bộ nhận dạng chữ đã dừng.', 'pool disposed'));
    const existing = this.inFlight.get(job.pageId);
    if (existing) return existing;
    const result = new Promise<OcrPage>((resolve, reject) => {
      this.queue.push({ job, seq: this.seq++, controller: new AbortController(), resolve, reject });
      this.pump();
    });
    this.inFlight.set(job.pageId, result);
    const forget = () => {
      if (this.inFlight.get(job.pageId) === result) this.inFlight.delete(job.pageId);
    };
    result.then(forget, forget);
    return result;
  }

  /** Gives the dossier on screen priority over background work. */
  focusDossier(dossierId: string | undefined): void {
    this.focusedDossier = dossierId;
  }

  /** Cancels every queued and running page of a dossier. */
  cancelDossier(dossierId: string): void {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      const pending = this.queue[i]!;
      if (pending.job.dossierId !== dossierId) continue;
      this.queue.splice(i, 1);
      pending.reject(new OcrError('cancelled', 'Đã hủy nhận dạng chữ cho trang này.', 'cancelled while queued'));
    }
    for (const pending of this.running.values()) if (pending.job.dossierId === dossierId) pending.controller.abort();
  }

  /** Jobs waiting (not running). */
  get queued(): number {
    return this.queue.length;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new OcrError('cancelled', 'Bộ nhận dạng chữ đã dừng.', 'pool disposed'));
    for (const pending of this.running.values()) pending.controller.abort();
    await Promise.all(this.engines.map((engine) => engine.terminate()));
  }

  private next(): Pending | undefined {
    if (this.queue.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.queue.length; i += 1) {
      const a = this.queue[i]!;
      const b = this.queue[best]!;
      const aFocus = a.job.dossierId === this.focusedDossier;
      const bFocus = b.job.dossierId === this.focusedDossier;
      if ((aFocus && !bFocus) || (aFocus === bFocus && a.seq < b.seq)) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const engine = this.idle.pop()!;
      const pending = this.next()!;
      this.running.set(engine, pending);
      const { job } = pending;
      engine
        .recognize(job.bytes, job.image, {
          timeoutMs: this.options.timeoutMs,
          signal: pending.controller.signal,
          ...(this.options.policy ? { policy: this.options.policy } : {}),
          ...(job.dpi ? { dpi: job.dpi } : {}),
        })
        .then(pending.resolve, pending.reject)
        .finally(() => {
          this.running.delete(engine);
          this.idle.push(engine);
          if (!this.disposed) this.pump();
        });
    }
  }
}
