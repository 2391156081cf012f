/**
 * HID POS barcode scanners (USB HID Point of Sale usage page 0x8C) deliver a code as one or more
 * input reports: report ID, the number of data bytes in this report, a 3-byte AIM symbology
 * identifier, the data, and in the last byte a flag that more reports of the same code follow.
 * The data are the code's raw bytes, so a CCCD QR code arrives as UTF-8, diacritics intact.
 */

export interface ScannedCode {
  /** AIM symbology identifier, e.g. "]Q1" for QR Code. */
  symbology: string;
  text: string;
}

const SYMBOLOGY_LENGTH = 3;

/** Feeds reports in; returns a code when its last report arrived. Malformed reports are dropped. */
export function createHidPosAssembler(options: { reportId?: number } = {}): { push(report: Uint8Array): ScannedCode | undefined; reset(): void } {
  const reportId = options.reportId ?? 0x02;
  let parts: Uint8Array[] = [];
  let symbology = '';
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return {
    push(report) {
      if (report.length < 2 + SYMBOLOGY_LENGTH + 1 || report[0] !== reportId) return undefined;
      const length = report[1]!;
      const start = 2 + SYMBOLOGY_LENGTH;
      // The continuation flag sits in the last byte, after the data area.
      if (start + length > report.length - 1) {
        parts = [];
        return undefined;
      }
      if (parts.length === 0) symbology = String.fromCharCode(...report.subarray(2, start)).replace(/\0+$/u, '');
      parts.push(report.slice(start, start + length));
      if ((report[report.length - 1]! & 0x01) === 0x01) return undefined;
      const total = parts.reduce((n, p) => n + p.length, 0);
      const bytes = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      parts = [];
      return { symbology, text: decoder.decode(bytes) };
    },
    reset() {
      parts = [];
    },
  };
}
