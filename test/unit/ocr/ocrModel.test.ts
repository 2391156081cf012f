import { describe, expect, it } from 'vitest';
import { pageFromTesseractBlocks, type TesseractBlockLike } from '../../../preload/shared/ocr/pageFromTesseractBlocks';
import { chooseSegmentation, lostText } from '../../../preload/shared/ocr/chooseSegmentation';
import { isVietnameseSyllable, vietnameseTextScore } from '../../../preload/shared/ocr/vietnameseTextScore';
import type { OcrPage, SegmentationMode } from '../../../preload/shared/ocr/ocrTypes';

function word(text: string, x0: number, confidence = 90) {
  return { text, confidence, bbox: { x0, y0: 10, x1: x0 + 40, y1: 30 } };
}

const blocks: TesseractBlockLike[] = [
  { paragraphs: [{ lines: [{ bbox: { x0: 0, y0: 10, x1: 200, y1: 30 }, baseline: { x0: 0, y0: 27, x1: 200, y1: 29, has_baseline: true }, words: [word('Nguye\u0302\u0303n', 0), word(' ', 50), word('Văn', 60, 70)] }] }] },
  { paragraphs: [{ lines: [{ bbox: { x0: 0, y0: 40, x1: 100, y1: 60 }, words: [word('An', 0, 80)] }, { bbox: { x0: 0, y0: 70, x1: 10, y1: 80 }, words: [] }] }] },
];

describe('pageFromTesseractBlocks', () => {
  it('keeps words with boxes, drops empty ones, normalises to NFC and separates blocks by a blank line', () => {
    const page = pageFromTesseractBlocks(blocks, 640, 480, 3);
    expect(page.text).toBe('Nguyễn Văn\n\nAn');
    expect(page.text).toBe(page.text.normalize('NFC'));
    expect(page.lines).toHaveLength(2);
    expect(page.lines[0]!.baseline).toEqual({ x0: 0, y0: 27, x1: 200, y1: 29 });
    expect(page.lines[1]!.baseline).toBeUndefined();
    expect(page.meanConfidence).toBeCloseTo((90 + 70 + 80) / 3);
    expect(page).toMatchObject({ width: 640, height: 480, segmentation: 3 });
  });

  it('gives an empty page for no blocks', () => {
    expect(pageFromTesseractBlocks(null, 10, 10, 6)).toMatchObject({ text: '', lines: [], meanConfidence: 0 });
  });
});

const PROSE = 'Hồ sơ gồm tờ khai đăng ký khai sinh và giấy chứng sinh bản chính ';

function fakePage(mode: SegmentationMode, text: string, confidence: number): OcrPage {
  return { width: 1, height: 1, text, meanConfidence: confidence, segmentation: mode, lines: [{ box: { x0: 0, y0: 0, x1: 1, y1: 1 }, words: [{ text, confidence, box: { x0: 0, y0: 0, x1: 1, y1: 1 } }] }] };
}

describe('chooseSegmentation', () => {
  it('uses layout analysis alone when it found a normal amount of confident text', async () => {
    const modes: SegmentationMode[] = [];
    const page = await chooseSegmentation('fallback', async (mode) => (modes.push(mode), fakePage(mode, PROSE.repeat(5), 88)));
    expect(page.segmentation).toBe(3);
    expect(modes).toEqual([3]);
  });

  it('when layout analysis struggles, keeps whichever result reads more like Vietnamese', async () => {
    const dropped = await chooseSegmentation('fallback', async (mode) => (mode === 3 ? fakePage(3, PROSE, 85) : fakePage(6, PROSE.repeat(4), 80)));
    expect(dropped.segmentation).toBe(6);
    const junk = await chooseSegmentation('fallback', async (mode) => (mode === 3 ? fakePage(3, PROSE.repeat(3), 62) : fakePage(6, `${PROSE.repeat(3)} ngrx tqz’ vvkk ;:' ffgh`, 61)));
    expect(junk.segmentation).toBe(3);
  });

  it('honours a fixed policy', async () => {
    expect((await chooseSegmentation('block', async (mode) => fakePage(mode, 'a', 10))).segmentation).toBe(6);
    expect((await chooseSegmentation('auto', async (mode) => fakePage(mode, 'a', 10))).segmentation).toBe(3);
    expect(lostText(fakePage(3, 'Số 12', 95))).toBe(true);
  });
});

describe('vietnameseTextScore', () => {
  it('counts well-formed syllables and numbers for, junk against', () => {
    expect(['Nguyễn', 'NGHĨA', 'khuya', 'quyển', 'đường', 'gì'].every(isVietnameseSyllable)).toBe(true);
    expect(['rigày', 'ngrx', 'Ngủyễn2', 'tqz'].some(isVietnameseSyllable)).toBe(false);
    expect(vietnameseTextScore('Số 123/2015/NĐ-CP ngày 15')).toBeGreaterThan(0);
    expect(vietnameseTextScore('Hạnh phúc')).toBe(8);
    expect(vietnameseTextScore('„~ rigày ©')).toBeLessThan(0);
  });
});

describe('two-column official header', () => {
  function at(text: string, x0: number, x1: number, y0: number) {
    return { text, confidence: 90, bbox: { x0, y0, x1, y1: y0 + 30 } };
  }
  it('reads a run of lines split by a wide gap column by column', () => {
    const header: TesseractBlockLike[] = [
      {
        paragraphs: [
          {
            lines: [
              { bbox: { x0: 100, y0: 100, x1: 1900, y1: 130 }, words: [at('ỦY', 100, 160, 100), at('BAN', 175, 260, 100), at('CỘNG', 900, 1000, 100), at('HÒA', 1015, 1100, 100)] },
              { bbox: { x0: 100, y0: 140, x1: 1900, y1: 170 }, words: [at('PHƯỜNG', 100, 260, 140), at('Độc', 900, 980, 140), at('lập', 995, 1060, 140)] },
              { bbox: { x0: 100, y0: 300, x1: 1900, y1: 330 }, words: [at('GIẤY', 700, 800, 300), at('TIẾP', 815, 900, 300)] },
            ],
          },
        ],
      },
    ];
    const page = pageFromTesseractBlocks(header, 2000, 2800, 3);
    expect(page.text).toBe('ỦY BAN\nPHƯỜNG\nCỘNG HÒA\nĐộc lập\nGIẤY TIẾP');
    expect(page.lines.map((l) => l.box.x0)).toEqual([100, 100, 900, 900, 100]);
    expect(page.lines[2]!.box).toEqual({ x0: 900, y0: 100, x1: 1100, y1: 130 });
  });
});

describe('specks', () => {
  it('drops low-confidence symbol-only words but keeps confident punctuation and any letters or digits', () => {
    const line = (words: Array<{ text: string; confidence: number; x0: number }>) => ({
      bbox: { x0: 0, y0: 0, x1: 900, y1: 30 },
      words: words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: { x0: w.x0, y0: 0, x1: w.x0 + 30, y1: 30 } })),
    });
    const page = pageFromTesseractBlocks(
      [{ paragraphs: [{ lines: [line([{ text: '©', confidence: 20, x0: 0 }, { text: 'Số', confidence: 91, x0: 40 }, { text: '—', confidence: 35, x0: 80 }, { text: '12', confidence: 30, x0: 120 }, { text: '-', confidence: 88, x0: 160 }, { text: 'ý', confidence: 15, x0: 200 }])] }] }],
      900,
      100,
      3,
    );
    expect(page.text).toBe('Số 12 - ý');
  });
});
