/**
 * The QR code of a card front found in a scanned image: the CCCD payload is encoded with the
 * `qrcode` package, drawn into a larger grey "scan" at an offset and with sensor noise, then
 * decoded back and parsed.
 */
import { describe, expect, it } from 'vitest';
import { scanWithQr } from '../../support/card/cardFrontImage';
import { decodeQrFromImage } from '../../../preload/shared/card/decodeQrFromImage';
import { parseCccdQr } from '../../../preload/shared/card/cccdQr';
import { qrPayload } from '../../support/card/syntheticCitizen';

describe('QR code from a scanned card front', () => {
  it('finds and decodes the CCCD QR code, Vietnamese text intact', () => {
    const width = 1000;
    const height = 640;
    const text = decodeQrFromImage(scanWithQr(qrPayload(), width, height, 4), width, height);
    expect(text).toBe(qrPayload());
    const parsed = parseCccdQr(text!);
    expect(parsed.ok && parsed.value.fullName).toBe('Nguyễn Văn An');
  });

  it('shrinks a large scan before looking', () => {
    const width = 2400;
    const height = 1500;
    expect(decodeQrFromImage(scanWithQr(qrPayload(), width, height, 8), width, height)).toBe(qrPayload());
  });

  it('says nothing was found in an image without a QR code, and refuses inconsistent sizes', () => {
    const blank = new Uint8ClampedArray(200 * 100 * 4).fill(200);
    expect(decodeQrFromImage(blank, 200, 100)).toBeUndefined();
    expect(decodeQrFromImage(blank, 201, 100)).toBeUndefined();
  });
});
