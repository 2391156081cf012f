import jsQR from 'jsqr';

/** Largest side the decoder works on: a 300 dpi A4 scan is shrunk, a phone photo of a card too. */
const WORKING_SIDE = 1600;

function shrink(rgba: Uint8ClampedArray, width: number, height: number, factor: number): { data: Uint8ClampedArray; width: number; height: number } {
  const w = Math.max(1, Math.floor(width / factor));
  const h = Math.max(1, Math.floor(height / factor));
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y += 1) {
    const sy = Math.min(height - 1, Math.floor(y * factor));
    for (let x = 0; x < w; x += 1) {
      const sx = Math.min(width - 1, Math.floor(x * factor));
      out.set(rgba.subarray((sy * width + sx) * 4, (sy * width + sx) * 4 + 4), (y * w + x) * 4);
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * Finds and decodes the QR code in an RGBA image (a scanned or photographed card front). The
 * CCCD QR code is UTF-8 in byte mode, decoded here from the raw bytes. Tries the image as it is
 * and, if large, shrunk; returns undefined when no QR code is found.
 */
export function decodeQrFromImage(rgba: Uint8ClampedArray, width: number, height: number): string | undefined {
  if (width <= 0 || height <= 0 || rgba.length !== width * height * 4) return undefined;
  const attempts: { data: Uint8ClampedArray; width: number; height: number }[] = [];
  const largest = Math.max(width, height);
  if (largest > WORKING_SIDE) attempts.push(shrink(rgba, width, height, largest / WORKING_SIDE));
  attempts.push({ data: rgba, width, height });
  for (const attempt of attempts) {
    const code = jsQR(attempt.data, attempt.width, attempt.height, { inversionAttempts: 'attemptBoth' });
    if (code) return new TextDecoder('utf-8').decode(Uint8Array.from(code.binaryData));
  }
  return undefined;
}
