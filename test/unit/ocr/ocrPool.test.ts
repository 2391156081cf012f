import { describe, expect, it } from 'vitest';
import { OcrPool, defaultOcrPoolSize, type RecognizerLike } from '../../../renderer/operations/ocr/OcrPool';
import type { OcrPage } from '../../../preload/shared/ocr/ocrTypes';
import type { RecognizeOptions } from '../../../preload/shared/ocr/PageRecognizer';
import { OcrError } from '../../../preload/shared/ocr/OcrError';

/**
 * A scheduling probe standing in for an engine: it records the order pages start in and finishes a
 * page only when the test releases it (the pool's logic is what is under test, not OCR).
 */
class ProbeEngine implements RecognizerLike {
  readonly started: string[];
  private readonly waiting = new Map<string, { resolve(page: OcrPage): void }>();
  constructor(started: string[]) {
    this.started = started;
  }
  recognize(bytes: Uint8Array, image: unknown, options: RecognizeOptions = {}): Promise<OcrPage> {
    const id = image as string;
    this.started.push(id);
    return new Promise<OcrPage>((resolve, reject) => {
      this.waiting.set(id, { resolve });
      options.signal?.addEventListener('abort', () => reject(new OcrError('cancelled', 'Đã hủy nhận dạng chữ cho trang này.', 'aborted')));
    });
  }
  finish(id: string): void {
    this.waiting.get(id)?.resolve({ width: 1, height: 1, lines: [], text: id, meanConfidence: 90, segmentation: 3 });
  }
  async terminate(): Promise<void> {}
}

const job = (pageId: string, dossierId: string) => ({ pageId, dossierId, bytes: new Uint8Array(), image: pageId });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('OcrPool', () => {
  it('sizes to the cores, keeping one for the UI, between 1 and 4', () => {
    expect([1, 2, 4, 8, 32].map((cores) => defaultOcrPoolSize(cores))).toEqual([1, 1, 3, 4, 4]);
  });

  it('runs the focused dossier first, then the rest oldest first', async () => {
    const started: string[] = [];
    const engine = new ProbeEngine(started);
    const pool = new OcrPool([engine]);
    const results = [pool.submit(job('a1', 'A')), pool.submit(job('a2', 'A')), pool.submit(job('b1', 'B'))];
    pool.focusDossier('B');
    await tick();
    engine.finish('a1');
    await tick();
    engine.finish('b1');
    await tick();
    engine.finish('a2');
    expect((await Promise.all(results)).map((p) => p.text)).toEqual(['a1', 'a2', 'b1']);
    expect(started).toEqual(['a1', 'b1', 'a2']);
  });

  it('cancels queued and running pages of one dossier only, and never runs a page twice at once', async () => {
    const started: string[] = [];
    const engine = new ProbeEngine(started);
    const pool = new OcrPool([engine]);
    const running = pool.submit(job('a1', 'A'));
    const queued = pool.submit(job('a2', 'A'));
    const other = pool.submit(job('b1', 'B'));
    expect(pool.submit(job('a1', 'A'))).toBe(running);
    pool.cancelDossier('A');
    await expect(queued).rejects.toMatchObject({ code: 'cancelled' });
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    await tick();
    engine.finish('b1');
    expect((await other).text).toBe('b1');
    expect(started).toEqual(['a1', 'b1']);
    await pool.dispose();
    await expect(pool.submit(job('c1', 'C'))).rejects.toMatchObject({ code: 'cancelled', message: 'Bộ nhận dạng chữ đã dừng.' });
  });
});
