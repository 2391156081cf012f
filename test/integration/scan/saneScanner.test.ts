import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanJobState, ScanPage } from '../../../preload/contract';
import { createSaneScanner, type SaneScannerOptions } from '../../../main/scan/saneScanner';
import { createScanService } from '../../../main/scan/createScanService';
import { readScanImageSize } from '../../../preload/shared/image/readScanImageSize';
import { saneTestEnvironment } from '../../support/saneTestBackend';

let env: { SANE_CONFIG_DIR: string };
beforeAll(() => {
  env = saneTestEnvironment();
});

async function scanWith(extraArgs: string[], settings = { source: 'adf' as const, colorMode: 'color' as const, dpi: 75 }, options: Partial<SaneScannerOptions> = {}) {
  const pages: ScanPage[] = [];
  const states: ScanJobState[] = [];
  const service = createScanService({
    drivers: [createSaneScanner({ env, extraArgs: { 'test:0': ['--test-picture=Color pattern', ...extraArgs] }, ...options })],
    spoolDir: await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-')),
    emit: { page: (page) => pages.push(page), job: (state) => states.push(state) },
  });
  const jobId = crypto.randomUUID();
  await service.start(jobId, 'sane:test:0', settings, { dossierId: 'd1', componentId: 'c1' });
  return { service, jobId, pages, states };
}

describe('SANE driver against the SANE test backend', () => {
  it('lists the test devices and reads their options', async () => {
    const driver = createSaneScanner({ env });
    const devices = await driver.listDevices();
    expect(devices.map((d) => d.id)).toEqual(expect.arrayContaining(['sane:test:0', 'sane:test:1']));
    expect(devices[0]).toMatchObject({ driver: 'sane', training: false });
    const caps = await driver.capabilities('sane:test:0');
    expect(caps.sources).toEqual(['platen', 'adf']);
    expect(caps.colorModes).toEqual(['gray', 'color']);
    expect(caps.resolutions).toEqual(expect.arrayContaining([75, 200, 300]));
  });

  it('streams an ADF batch page by page until the feeder is empty, and spools until acknowledged', async () => {
    const { service, jobId, pages, states } = await scanWith([]);
    await service.whenIdle();
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const page of pages) {
      expect(page).toMatchObject({ mime: 'image/png', dpi: 75, target: { dossierId: 'd1', componentId: 'c1' }, deviceName: 'Noname frontend-tester virtual device' });
      expect(readScanImageSize(page.data)).toMatchObject({ format: 'png', width: page.width, height: page.height });
    }
    expect(states.at(-1)).toMatchObject({ state: 'completed', pages: 10 });
    expect((await service.pending()).map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const page of pages.slice(0, 7)) expect(await service.acknowledge(jobId, page.index)).toBe(true);
    const left = await service.pending();
    expect(left.map((p) => p.index)).toEqual([8, 9, 10]);
    expect(left[0]!.data).toEqual(pages[7]!.data);
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'scanner-jammed', 'Máy quét bị kẹt giấy'],
    ['SANE_STATUS_COVER_OPEN', 'scanner-cover-open', 'Nắp máy quét đang mở'],
    ['SANE_STATUS_DEVICE_BUSY', 'scanner-busy', 'Máy quét đang bận'],
    ['SANE_STATUS_NO_DOCS', 'scanner-feeder-empty', 'Khay nạp giấy đang trống'],
  ])('maps %s to a typed Vietnamese error', async (status, code, message) => {
    const { service, states } = await scanWith([`--read-return-value=${status}`]);
    await service.whenIdle();
    const last = states.at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error?.code, last.error?.detail).toBe(code);
    expect(last.error?.message).toContain(message);
  });

  it('cancels a slow scan and keeps the pages already delivered', async () => {
    const { service, jobId, pages, states } = await scanWith(['--read-delay=yes', '--read-delay-duration=20000', '--read-limit=yes', '--read-limit-size=8192']);
    await expect.poll(() => pages.length, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    expect(await service.cancel(jobId)).toBe(true);
    const last = states.at(-1)!;
    expect(last.state).toBe('cancelled');
    expect(last.error?.message).toContain('Các trang đã quét được giữ lại');
    expect(pages.length).toBeLessThan(10);
    expect((await service.pending()).length).toBe(pages.length);
  });

  it('reports an unknown device as offline instead of crashing', async () => {
    const { service, states } = await (async () => {
      const s: ScanJobState[] = [];
      const svc = createScanService({ drivers: [createSaneScanner({ env })], spoolDir: await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-')), emit: { page: () => {}, job: (st) => s.push(st) } });
      await svc.start(crypto.randomUUID(), 'sane:nosuch:9', { source: 'platen', colorMode: 'color', dpi: 200 }, { dossierId: 'd' });
      return { service: svc, states: s };
    })();
    await service.whenIdle();
    expect(states.at(-1)).toMatchObject({ state: 'failed', error: { code: 'scanner-offline' } });
  });
});
