import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkPage, estimateSkew, type GreyPage } from '../../../preload/shared/domain/scan/checkPage';

/** A grey page with text-like lines tilted by `degrees` (clockwise), specks of dust and a paper tone. */
function page(options: { degrees?: number; lines?: number; paper?: number; specks?: number; seed?: number } = {}): GreyPage {
  const width = 400;
  const height = 560;
  const grey = new Uint8Array(width * height).fill(options.paper ?? 250);
  const t = Math.tan(((options.degrees ?? 0) * Math.PI) / 180);
  let seed = options.seed ?? 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 0x100000000);
  for (let line = 0; line < (options.lines ?? 25); line += 1) {
    const y0 = 60 + line * 18;
    for (let x = 50; x < 350; x += 1) {
      if (random() < 0.25) continue; // gaps between words
      const y = Math.round(y0 + (x - width / 2) * t);
      for (let dy = 0; dy < 4; dy += 1) if (y + dy >= 0 && y + dy < height) grey[(y + dy) * width + x] = 30;
    }
  }
  for (let i = 0; i < (options.specks ?? 0); i += 1) grey[Math.floor(random() * grey.length)] = 20;
  return { grey, width, height };
}

describe('page checks', () => {
  it('flags a blank back side, dusty or on grey paper, and not a page of text', () => {
    expect(checkPage(page({ lines: 0, specks: 80 }), 300)).toMatchObject({ blank: true, resolution: 'ok' });
    expect(checkPage(page({ lines: 0, paper: 190, specks: 40 }), 300).blank).toBe(true);
    expect(checkPage(page({ lines: 25 }), 300).blank).toBe(false);
    // One short line on an otherwise empty page is content, not blank.
    expect(checkPage(page({ lines: 2 }), 300).blank).toBe(false);
  });

  it('flags resolutions below 200 dpi, and unknown ones', () => {
    expect(checkPage(page(), 150).resolution).toBe('low');
    expect(checkPage(page(), 200).resolution).toBe('ok');
    expect(checkPage(page(), undefined).resolution).toBe('unknown');
  });

  it('measures the skew of text lines within a quarter degree', () => {
    fc.assert(
      fc.property(fc.integer({ min: -16, max: 16 }), fc.integer({ min: 1, max: 1000 }), (quarter, seed) => {
        const degrees = quarter / 4;
        expect(Math.abs(estimateSkew(page({ degrees, seed })) - degrees)).toBeLessThanOrEqual(0.25);
      }),
      { numRuns: 25 },
    );
  });
});
