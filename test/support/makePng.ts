import { encodePng } from '../../main/scan/encodePng';

/**
 * A valid RGB PNG of the given size: white paper with dark horizontal "text" bands, enough for
 * import and thumbnail tests without shipping binary fixtures.
 */
export function makePng(width: number, height: number, seed = 1): Buffer {
  const rgb = new Uint8Array(width * height * 3).fill(0xff);
  for (let y = 0; y < height; y += 1) {
    const inBand = Math.floor(y / 6) % 3 === 0 && y > height * 0.1 && y < height * 0.9;
    if (!inBand) continue;
    for (let x = Math.floor(width * 0.1); x < width * 0.9; x += 1) {
      if ((x * seed + y) % 7 < 4) rgb.fill(0x20, (y * width + x) * 3, (y * width + x + 1) * 3);
    }
  }
  return encodePng(width, height, rgb);
}
