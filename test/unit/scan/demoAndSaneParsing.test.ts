import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDemoScanner } from '../../../main/scan/demoScanner';
import { parseSaneDeviceList, parseSaneOptions } from '../../../main/scan/saneScanner';
import { snapResolution } from '../../../main/scan/ScannerDriver';
import { readScanImageSize } from '../../../preload/shared/image/readScanImageSize';

describe('demo scanner', () => {
  it('is labelled as training and scans A4 pages at the snapped resolution', async () => {
    const demo = createDemoScanner({ sheets: 2, pageDelayMs: 1 });
    expect(await demo.listDevices()).toEqual([{ id: 'demo:1', name: 'Máy quét mẫu (chế độ đào tạo)', driver: 'demo', training: true }]);
    const pages = [];
    for await (const page of demo.scan('demo:1', { source: 'adf-duplex', colorMode: 'color', dpi: 190 }, new AbortController().signal)) pages.push(page);
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3, 4]);
    expect(readScanImageSize(pages[0]!.data)).toEqual({ format: 'png', width: 1654, height: 2338, dpi: 200 });
    expect(pages[0]!.data).not.toEqual(pages[1]!.data);
  });

  it('stops with a cancelled failure when aborted', async () => {
    const demo = createDemoScanner({ sheets: 5, pageDelayMs: 50 });
    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const page of demo.scan('demo:1', { source: 'adf', colorMode: 'gray', dpi: 100 }, controller.signal)) {
        seen.push(page.index);
        controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: 'scanner-cancelled' });
    expect(seen).toEqual([1]);
  });
});

describe('scanimage output parsing', () => {
  it('reads device lines and option lists', () => {
    expect(parseSaneDeviceList("device `epjitsu:libusb:001:004' is a FUJITSU ScanSnap S1500 scanner\nnoise\n")).toEqual([
      { id: 'sane:epjitsu:libusb:001:004', name: 'FUJITSU ScanSnap S1500 scanner', driver: 'sane', training: false },
    ]);
    const options = parseSaneOptions('    --mode Lineart|Gray|Color [Color]\n    --resolution 75|150|300|600dpi [300]\n    --source Flatbed|ADF Front|ADF Duplex [Flatbed]\n');
    expect(options.modes.map((m) => m.mode)).toEqual(['bw', 'gray', 'color']);
    expect(options.resolutions).toEqual([75, 150, 300, 600]);
    expect(options.sources).toEqual([
      { native: 'Flatbed', source: 'platen' },
      { native: 'ADF Front', source: 'adf' },
      { native: 'ADF Duplex', source: 'adf-duplex' },
    ]);
  });

  it('never throws on arbitrary scanimage output', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        parseSaneDeviceList(text);
        const parsed = parseSaneOptions(text);
        expect(parsed.resolutions.every((r) => Number.isFinite(r) && r > 0)).toBe(true);
      }),
    );
  });

  it('never snaps below the requested resolution when the device can go higher', () => {
    expect(snapResolution(200, [600, 75, 150, 300])).toBe(300);
    expect(snapResolution(200, [200, 300])).toBe(200);
    expect(snapResolution(700, [150, 300, 600])).toBe(600);
    expect(snapResolution(200, [])).toBe(200);
  });
});
