/** What the desk notices about a page: flagged for the officer, never acted on silently. */
export interface PageChecks {
  /** Almost no ink: probably the blank back of a sheet. */
  blank: boolean;
  /** Share of the page (inside the margins) that is ink. */
  inkRatio: number;
  /** Angle of the text lines in degrees, positive when they fall to the right (clockwise). */
  skewDegrees: number;
  /** Below the 200 dpi legal minimum for digitized copies, or not known. */
  resolution: 'ok' | 'low' | 'unknown';
}

/** A page as 8-bit grey samples, usually downscaled for speed. */
export interface GreyPage {
  grey: Uint8Array;
  width: number;
  height: number;
}

/** Legal minimum resolution for digitized copies (Nghị định 30/2020/NĐ-CP). */
export const MIN_DPI = 200;
const BLANK_INK_RATIO = 0.003;
/** Skew above this is worth straightening. */
export const SKEW_NOTICE_DEGREES = 0.5;

function inkThreshold(page: GreyPage): number {
  // Paper level: the 90th percentile brightness, so grey recycled paper is still paper.
  const histogram = new Uint32Array(256);
  for (const v of page.grey) histogram[v]! += 1;
  let seen = 0;
  let paper = 255;
  for (let v = 0; v < 256; v += 1) {
    seen += histogram[v]!;
    if (seen >= page.grey.length * 0.9) {
      paper = v;
      break;
    }
  }
  return Math.max(0, paper - 70);
}

/** Ink share inside 5 % margins (scanner edges and punched holes are not content). */
export function inkRatio(page: GreyPage): number {
  const threshold = inkThreshold(page);
  const mx = Math.floor(page.width * 0.05);
  const my = Math.floor(page.height * 0.05);
  let ink = 0;
  let total = 0;
  for (let y = my; y < page.height - my; y += 1) {
    for (let x = mx; x < page.width - mx; x += 1) {
      total += 1;
      if (page.grey[y * page.width + x]! < threshold) ink += 1;
    }
  }
  return total === 0 ? 0 : ink / total;
}

/**
 * The skew of the text lines, by projection profiles: the angle at which rows of ink line up
 * best (the sum of squared row counts is largest). Searches ±maxDegrees in `step` steps.
 */
export function estimateSkew(page: GreyPage, maxDegrees = 5, step = 0.25): number {
  const threshold = inkThreshold(page);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < page.height; y += 1) {
    for (let x = 0; x < page.width; x += 1) {
      if (page.grey[y * page.width + x]! < threshold) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const cx = page.width / 2;
  let best = 0;
  let bestScore = -1;
  const bins = new Float64Array(page.height * 2 + 16);
  for (let a = -maxDegrees; a <= maxDegrees + 1e-9; a += step) {
    const t = Math.tan((a * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i += 1) {
      const row = Math.round(ys[i]! - (xs[i]! - cx) * t + page.height / 2);
      if (row >= 0 && row < bins.length) bins[row]! += 1;
    }
    let score = 0;
    for (const count of bins) score += count * count;
    if (score > bestScore + 1e-6 || (Math.abs(score - bestScore) <= 1e-6 && Math.abs(a) < Math.abs(best))) {
      bestScore = score;
      best = a;
    }
  }
  return Math.round(best * 100) / 100;
}

/** All page checks at once; `dpi` is the resolution of the stored image, if known. */
export function checkPage(page: GreyPage, dpi: number | undefined): PageChecks {
  const ink = inkRatio(page);
  const blank = ink < BLANK_INK_RATIO;
  return {
    blank,
    inkRatio: Math.round(ink * 10000) / 10000,
    skewDegrees: blank ? 0 : estimateSkew(page),
    resolution: !dpi ? 'unknown' : dpi < MIN_DPI ? 'low' : 'ok',
  };
}
