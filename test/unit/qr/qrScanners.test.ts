/**
 * USB QR scanners at their API boundary: HID reports in (built to the HID POS and boot keyboard
 * layouts, see test/support/card/hidReports.ts), codes out; devices found by usage page and
 * looked for again on hot-plug. The HID port is the only stand-in: no HID device can exist here.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHidPosAssembler } from '../../../main/qr/assembleHidPosReports';
import { createKeyboardReportDecoder } from '../../../main/qr/decodeKeyboardReports';
import { createQrScanners, type HidDeviceInfo, type HidPort } from '../../../main/qr/createQrScanners';
import { parseCccdQr } from '../../../preload/shared/card/cccdQr';
import { hidPosReports, keyboardReports } from '../../support/card/hidReports';
import { qrPayload } from '../../support/card/syntheticCitizen';

describe('HID POS reports', () => {
  it('reassembles a CCCD QR code spread over several reports, diacritics intact', () => {
    const assembler = createHidPosAssembler();
    const reports = hidPosReports(qrPayload());
    expect(reports.length).toBeGreaterThan(2);
    const results = reports.map((r) => assembler.push(r));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    expect(results.at(-1)).toEqual({ symbology: ']Q1', text: qrPayload() });
    const parsed = parseCccdQr(results.at(-1)!.text);
    expect(parsed.ok && parsed.value.fullName).toBe('Nguyễn Văn An');
  });

  it('reassembles any text split at any chunk size, and never throws on random reports', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 56 }), (text, size) => {
        const assembler = createHidPosAssembler();
        const out = hidPosReports(text, ']Q1', size).map((r) => assembler.push(r));
        expect(out.at(-1)?.text).toBe(text);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 20 }), (reports) => {
        const assembler = createHidPosAssembler();
        for (const report of reports) assembler.push(report);
      }),
    );
  });
});

describe('keyboard-wedge reports', () => {
  it('types the ASCII part of a code and ends at Enter', () => {
    const decoder = createKeyboardReportDecoder();
    const typed = '001090012345|012345678|NGUYEN VAN AN|12031990\n';
    const lines = keyboardReports(typed).map((r) => decoder.push(r)).filter((l) => l !== undefined);
    expect(lines).toEqual(['001090012345|012345678|NGUYEN VAN AN|12031990']);
  });

  it('never throws on random reports', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 12 }), { maxLength: 40 }), (reports) => {
      const decoder = createKeyboardReportDecoder();
      for (const report of reports) decoder.push(report);
    }));
  });
});

class FakeDevice extends EventEmitter {
  closed = false;
  close() {
    this.closed = true;
  }
}

describe('QR scanner discovery', () => {
  it('opens HID POS scanners and configured keyboard scanners, follows hot-plug', async () => {
    let devices: HidDeviceInfo[] = [
      { path: '/dev/hidraw3', vendorId: 0x0c2e, productId: 0x0b61, product: 'Máy quét POS', usagePage: 0x8c },
      { path: '/dev/hidraw4', vendorId: 0x046d, productId: 0xc31c, product: 'Bàn phím', usagePage: 0x01 },
      { path: '/dev/hidraw5', vendorId: 0x1eab, productId: 0x1a03, product: 'Máy quét bàn phím', usagePage: 0x01 },
    ];
    const opened = new Map<string, FakeDevice>();
    const hid: HidPort = {
      devices: () => devices,
      open: (path) => {
        const device = new FakeDevice();
        opened.set(path, device);
        return device as unknown as ReturnType<HidPort['open']>;
      },
    };
    let plug: (() => void) | undefined;
    const codes: { payload: string; scanner: string }[] = [];
    const scanners = createQrScanners({ hid, hotplug: { onChange: (listener) => ((plug = listener), () => undefined) }, keyboardDevices: ['1eab:1a03'], onCode: (c) => codes.push(c) });
    expect(scanners.list().map((s) => [s.name, s.mode])).toEqual([['Máy quét POS', 'hid-pos'], ['Máy quét bàn phím', 'keyboard']]);
    for (const report of hidPosReports(qrPayload())) opened.get('/dev/hidraw3')!.emit('data', Buffer.from(report));
    for (const report of keyboardReports('001090012345|\n')) opened.get('/dev/hidraw5')!.emit('data', Buffer.from(report));
    expect(codes).toEqual([{ payload: qrPayload(), scanner: 'Máy quét POS' }, { payload: '001090012345|', scanner: 'Máy quét bàn phím' }]);
    devices = devices.slice(1);
    plug!();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(opened.get('/dev/hidraw3')!.closed).toBe(true);
    expect(scanners.list().map((s) => s.name)).toEqual(['Máy quét bàn phím']);
    scanners.close();
  });
});
