import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScanService } from '../../../main/scan/createScanService';
import { createDemoScanner } from '../../../main/scan/demoScanner';
import { createSaneScanner } from '../../../main/scan/saneScanner';
import { createHotFolderScanner } from '../../../main/scan/hotFolderScanner';
import { createServices } from '../../../main/services/createServices';
import { createIpcRouter } from '../../../main/ipc/createIpcRouter';
import { saneTestEnvironment } from '../../support/saneTestBackend';
import { gatedScanimage } from '../../support/gatedScanimage';

/** Tracks whether a promise has settled, without waiting for it. */
function watch<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('the scanner list, backend by backend', () => {
  it('answers a fast backend while a slow one is still looking, and names a failing one in its error', async () => {
    const gate = gatedScanimage();
    const notAFolder = path.join(await mkdtemp(path.join(os.tmpdir(), 'motcua-hot-')), 'may-quet.txt');
    await writeFile(notAFolder, 'một tệp, không phải thư mục');
    const service = createScanService({
      drivers: [
        createDemoScanner(),
        createSaneScanner({ scanimage: gate.scanimage, env: { ...saneTestEnvironment(), ...gate.env } }),
        createHotFolderScanner({ folders: [{ path: notAFolder, name: 'Thư mục của máy quét A' }] }),
      ],
      spoolDir: await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-')),
      emit: { page: () => {}, job: () => {} },
    });
    expect(await service.backends()).toEqual([
      { kind: 'demo', name: 'Máy quét mẫu' },
      { kind: 'sane', name: 'SANE' },
      { kind: 'folder', name: 'Thư mục quét' },
    ]);

    const sane = watch(service.listBackendDevices('sane'));
    await gate.started();
    expect(await service.listBackendDevices('demo')).toEqual([{ id: 'demo:1', name: 'Máy quét mẫu (chế độ đào tạo)', driver: 'demo', training: true }]);
    const folder = await service.listBackendDevices('folder').then(
      () => undefined,
      (error: unknown) => error as { code: string; userMessage: string },
    );
    expect(folder?.code).toBe('scanner-folder-unreadable');
    expect(folder?.userMessage).toMatch(/^Thư mục quét: Không đọc được một thư mục quét đã cấu hình/);
    // scanimage is held at the gate: SANE has not answered, and the others did not wait for it.
    expect(sane.settled).toBe(false);

    gate.open();
    expect((await sane.promise).map((device) => device.id)).toEqual(expect.arrayContaining(['sane:test:0', 'sane:test:1']));
  });

  it('gives a SANE that never answers its own error line through the IPC contract, the demo device still listed', async () => {
    const gate = gatedScanimage();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-data-'));
    const services = createServices({
      dataDir,
      version: '0.0.0',
      mode: 'training',
      host: 'test-host',
      sink: () => {},
      scanners: { sane: { scanimage: gate.scanimage, env: { ...saneTestEnvironment(), ...gate.env }, queryTimeoutMs: 1_000 }, escl: false, folders: false },
    });
    const router = createIpcRouter(services);
    expect(await router.handle('desk:scan:backends', [])).toEqual({
      ok: true,
      value: [
        { kind: 'demo', name: 'Máy quét mẫu' },
        { kind: 'sane', name: 'SANE' },
      ],
    });
    const sane = watch(router.handle('desk:scan:listBackendDevices', ['sane']));
    expect(await router.handle('desk:scan:listBackendDevices', ['demo'])).toMatchObject({ ok: true, value: [{ id: 'demo:1' }] });
    // The gate stays shut: scanimage is stopped at the query timeout and SANE fails, by name.
    const answer = await sane.promise;
    expect(answer).toMatchObject({ ok: false, error: { code: 'scanner-list-failed' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(/^SANE: Không liệt kê được máy quét/);
    expect(await router.handle('desk:scan:listBackendDevices', ['nope'])).toMatchObject({ ok: false });
    // The all-at-once list keeps working and leaves the failing backend out.
    expect((await services.scan.listDevices()).map((device) => device.id)).toEqual(['demo:1']);
  });
});
