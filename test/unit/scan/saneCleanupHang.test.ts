import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchIsOver, createSaneScanner } from '../../../main/scan/saneScanner';
import { scanFailureKind } from '../../../main/scan/scanFailure';
import type { DeskFailure } from '../../../preload/shared/errors/DeskFailure';

const replay = path.join(__dirname, 'fixtures', 'hungScanimage.sh');

async function drain(env: NodeJS.ProcessEnv, options: { exitGraceMs?: number; stallTimeoutMs?: number }) {
  const driver = createSaneScanner({ scanimage: replay, env, ...options });
  const pages: number[] = [];
  const started = Date.now();
  try {
    for await (const page of driver.scan('sane:test:0', { source: 'adf', colorMode: 'color', dpi: 75 }, new AbortController().signal)) pages.push(page.index);
    return { pages, error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { pages, error, ms: Date.now() - started };
  }
}

describe('scanimage that never exits', () => {
  it('knows when only clean-up is left', () => {
    expect(batchIsOver('Scanning page 3\nBatch terminated, 2 pages scanned\n')).toBe(true);
    expect(batchIsOver('scanimage: received signal 13\nscanimage: trying to stop scanner\n')).toBe(true);
    expect(batchIsOver('Scanning page 1\nScanned page 1. (scanner status = 5)\n')).toBe(false);
  });

  it('is killed once its batch is over and the status it reported is used', async () => {
    const { pages, error } = await drain({ HANG_AFTER_BATCH: '1' }, { exitGraceMs: 300 });
    expect(pages).toEqual([]);
    expect(scanFailureKind(error)).toBe('feeder-empty');
  });

  it('is stopped as a transfer error when it goes silent', async () => {
    const { error } = await drain({ HANG_SILENT: '1' }, { stallTimeoutMs: 400 });
    expect(scanFailureKind(error)).toBe('io');
    expect((error as DeskFailure).userMessage).toContain('Lỗi truyền dữ liệu');
  });
});
