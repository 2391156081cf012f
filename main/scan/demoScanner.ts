import { setTimeout as delay } from 'node:timers/promises';
import { encodePng } from './encodePng';
import { scanFailure } from './scanFailure';
import { snapResolution, type ScannedPage, type ScannerCapabilities, type ScannerDevice, type ScannerDriver, type ScanSettings } from './ScannerDriver';

export interface DemoScannerOptions {
  /** Sheets in the simulated feeder per job. */
  sheets?: number;
  /** Time the simulated device takes per page. */
  pageDelayMs?: number;
}

const DEVICE: ScannerDevice = { id: 'demo:1', name: 'Máy quét mẫu (chế độ đào tạo)', driver: 'demo', training: true };
const CAPABILITIES: ScannerCapabilities = { sources: ['platen', 'adf', 'adf-duplex'], colorModes: ['color', 'gray', 'bw'], resolutions: [100, 150, 200, 300] };

/** Deterministic pseudo-random numbers, so a demo page looks the same every time. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

/**
 * Draws an A4 practice page: a two-column official header, a title, paragraphs of word blocks, a red
 * seal, and the page number as a row of marks, so pages differ and colour matters.
 */
export function drawDemoPage(pageNumber: number, settings: Pick<ScanSettings, 'dpi' | 'colorMode'>): { width: number; height: number; rgb: Uint8Array } {
  const width = Math.round(8.27 * settings.dpi);
  const height = Math.round(11.69 * settings.dpi);
  const rgb = new Uint8Array(width * height * 3).fill(0xff);
  const mm = settings.dpi / 25.4;
  const rect = (x: number, y: number, w: number, h: number, r: number, g: number, b: number) => {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(width, Math.round(x + w));
    const y1 = Math.min(height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy += 1) {
      for (let xx = x0; xx < x1; xx += 1) {
        const i = (yy * width + xx) * 3;
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
      }
    }
  };
  const next = random(pageNumber * 7919);
  const ink = 30;
  const words = (x: number, y: number, lineWidth: number, lineHeight: number) => {
    let cx = x;
    while (cx < x + lineWidth - 8 * mm) {
      const w = (4 + next() * 14) * mm;
      rect(cx, y, Math.min(w, x + lineWidth - cx), lineHeight, ink, ink, ink);
      cx += w + 2 * mm;
    }
  };
  // Header: agency on the left, national motto on the right.
  for (let i = 0; i < 2; i += 1) words(20 * mm, (15 + i * 5) * mm, 65 * mm, 2.6 * mm);
  for (let i = 0; i < 2; i += 1) words(110 * mm, (15 + i * 5) * mm, 80 * mm, 2.6 * mm);
  rect(55 * mm, 35 * mm, 100 * mm, 4 * mm, ink, ink, ink);
  let y = 50 * mm;
  while (y < 250 * mm) {
    const lines = 3 + Math.floor(next() * 5);
    for (let i = 0; i < lines && y < 250 * mm; i += 1) {
      words(25 * mm, y, (i === lines - 1 ? 90 : 160) * mm, 2.4 * mm);
      y += 6 * mm;
    }
    y += 5 * mm;
  }
  // Red seal near the signature.
  const cx = 150 * mm;
  const cy = 262 * mm;
  const radius = 14 * mm;
  for (let yy = Math.floor(cy - radius); yy < cy + radius; yy += 1) {
    for (let xx = Math.floor(cx - radius); xx < cx + radius; xx += 1) {
      const d = Math.hypot(xx - cx, yy - cy);
      if (d < radius && d > radius - 1.2 * mm) rect(xx, yy, 1, 1, 200, 30, 30);
    }
  }
  for (let i = 0; i < pageNumber && i < 40; i += 1) rect((20 + i * 4) * mm, 280 * mm, 2.5 * mm, 2.5 * mm, ink, ink, ink);
  if (settings.colorMode !== 'color') {
    for (let i = 0; i < rgb.length; i += 3) {
      let v = Math.round(0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!);
      if (settings.colorMode === 'bw') v = v < 160 ? 0 : 255;
      rgb[i] = v;
      rgb[i + 1] = v;
      rgb[i + 2] = v;
    }
  }
  return { width, height, rgb };
}

/** The demo scanner: works with no hardware, for training and for trying the app out. */
export function createDemoScanner(options: DemoScannerOptions = {}): ScannerDriver {
  const sheets = options.sheets ?? 5;
  const pageDelayMs = options.pageDelayMs ?? 400;
  return {
    kind: 'demo',
    async listDevices() {
      return [DEVICE];
    },
    async capabilities(deviceId) {
      if (deviceId !== DEVICE.id) throw scanFailure('no-device', deviceId);
      return CAPABILITIES;
    },
    async *scan(deviceId, settings, signal): AsyncGenerator<ScannedPage> {
      if (deviceId !== DEVICE.id) throw scanFailure('no-device', deviceId);
      const dpi = snapResolution(settings.dpi, CAPABILITIES.resolutions);
      const count = settings.source === 'platen' ? 1 : settings.source === 'adf-duplex' ? sheets * 2 : sheets;
      for (let index = 1; index <= count; index += 1) {
        try {
          await delay(pageDelayMs, undefined, { signal });
        } catch {
          throw scanFailure('cancelled', `demo job cancelled after ${index - 1} pages`);
        }
        const page = drawDemoPage(index, { dpi, colorMode: settings.colorMode });
        yield { index, mime: 'image/png', data: encodePng(page.width, page.height, page.rgb, dpi), width: page.width, height: page.height, dpi, colorMode: settings.colorMode };
      }
    },
  };
}
