/**
 * HID input reports as USB QR scanners send them. No USB or HID device can be attached on the
 * machines that run these tests, so the reports are built byte for byte to the published layouts
 * rather than captured from a device:
 * - HID POS (USB HID Point of Sale Usage Tables, Barcode Scanner page 0x8C, as Honeywell and
 *   Zebra scanners in "HID POS" mode emit it): 64-byte report, ID 0x02, data length, 3-byte AIM
 *   symbology identifier ("]Q1" for QR Code), up to 56 data bytes, last byte bit 0 = more follows.
 * - Keyboard wedge (USB HID 1.11 boot keyboard report, appendix B): modifier byte, reserved byte,
 *   six usage IDs; a key press is a report with the key, then an empty report on release.
 */

const POS_REPORT_LENGTH = 64;
const POS_DATA_MAX = 56;

export function hidPosReports(payload: string, symbology = ']Q1', dataMax = POS_DATA_MAX): Uint8Array[] {
  const bytes = new TextEncoder().encode(payload);
  const reports: Uint8Array[] = [];
  for (let at = 0; at < bytes.length || reports.length === 0; at += dataMax) {
    const chunk = bytes.subarray(at, at + dataMax);
    const report = new Uint8Array(POS_REPORT_LENGTH);
    report[0] = 0x02;
    report[1] = chunk.length;
    report.set(new TextEncoder().encode(symbology).subarray(0, 3), 2);
    report.set(chunk, 5);
    report[POS_REPORT_LENGTH - 1] = at + dataMax < bytes.length ? 0x01 : 0x00;
    reports.push(report);
  }
  return reports;
}

const usageOf: Record<string, [number, boolean]> = {};
for (let i = 0; i < 26; i += 1) {
  usageOf[String.fromCharCode(0x61 + i)] = [0x04 + i, false];
  usageOf[String.fromCharCode(0x41 + i)] = [0x04 + i, true];
}
'1234567890'.split('').forEach((d, i) => (usageOf[d] = [0x1e + i, false]));
'!@#$%^&*()'.split('').forEach((d, i) => (usageOf[d] = [0x1e + i, true]));
Object.assign(usageOf, { ' ': [0x2c, false], '-': [0x2d, false], '/': [0x38, false], '|': [0x31, true], ',': [0x36, false], '.': [0x37, false], '\n': [0x28, false] });

/** Press-and-release keyboard reports typing `text` (ASCII only, as a US-layout wedge can). */
export function keyboardReports(text: string): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (const ch of text) {
    const entry = usageOf[ch];
    if (!entry) throw new Error(`a US keyboard cannot type ${JSON.stringify(ch)}`);
    const [usage, shift] = entry;
    reports.push(Uint8Array.of(shift ? 0x02 : 0x00, 0, usage, 0, 0, 0, 0, 0));
    reports.push(new Uint8Array(8));
  }
  return reports;
}
