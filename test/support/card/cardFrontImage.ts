import QRCode from 'qrcode';
import { encodePng } from '../../../main/scan/encodePng';

/**
 * A grey "scan" of a card front with the QR code drawn at an offset, with sensor noise, as RGBA.
 * The code is made with the `qrcode` package (byte mode, UTF-8), so decoding it is a real test.
 */
export function scanWithQr(text: string, scanWidth: number, scanHeight: number, moduleSize: number, seed = 7): Uint8ClampedArray {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const rgba = new Uint8ClampedArray(scanWidth * scanHeight * 4);
  let random = seed;
  const noise = () => ((random = (random * 1103515245 + 12345) & 0x7fffffff) % 21) - 10;
  for (let i = 0; i < scanWidth * scanHeight; i += 1) {
    const v = 215 + noise();
    rgba.set([v, v, v - 5, 255], i * 4);
  }
  const left = Math.floor(scanWidth * 0.55);
  const top = Math.floor(scanHeight * 0.2);
  // Quiet zone of 4 modules in white, then the modules.
  for (let y = -4 * moduleSize; y < (size + 4) * moduleSize; y += 1) {
    for (let x = -4 * moduleSize; x < (size + 4) * moduleSize; x += 1) {
      const mx = Math.floor(x / moduleSize);
      const my = Math.floor(y / moduleSize);
      const dark = mx >= 0 && my >= 0 && mx < size && my < size && qr.modules.get(my, mx) === 1;
      const v = (dark ? 25 : 245) + noise();
      const at = ((top + y) * scanWidth + left + x) * 4;
      rgba.set([v, v, v, 255], at);
    }
  }
  return rgba;
}

/** The same scan as a PNG file, for the file picker in the browser. */
export function cardFrontPng(text: string, width = 1000, height = 640): Buffer {
  const rgba = scanWithQr(text, width, height, 4);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i += 1) rgb.set(rgba.subarray(i * 4, i * 4 + 3), i * 3);
  return encodePng(width, height, rgb);
}
