import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import QRCode from 'qrcode';

/**
 * A small flowing-layout writer over pdf-lib for the one-stop forms: A4 pages, a text cursor that
 * moves down, word wrapping with the embedded Vietnamese font, tables whose rows grow with their
 * text, and a vector QR code. Everything is drawn as real text with an embedded (subset) font, so the
 * forms print sharply and their text can be extracted and checked.
 */

/** The font files the forms embed (Noto Serif from assets/fonts: regular, bold, italic). */
export interface FormFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
}

export type FontStyle = 'regular' | 'bold' | 'italic';

export interface TextOptions {
  size?: number;
  style?: FontStyle;
  align?: 'left' | 'center' | 'right';
  /** Left edge, points from the page's left side; defaults to the left margin. */
  x?: number;
  /** Available width; defaults to the text width of the page. */
  width?: number;
  /** Keep the cursor where it was (for drawing columns side by side). */
  keepCursor?: boolean;
  underline?: boolean;
}

export interface TableColumn {
  title: string;
  /** Share of the table width. */
  weight: number;
  align?: 'left' | 'center';
}

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = { left: 62, right: 48, top: 48, bottom: 48 } as const;
const BLACK = rgb(0, 0, 0);

export class FormWriter {
  readonly doc: PDFDocument;
  private readonly fonts: Record<FontStyle, PDFFont>;
  private currentPage: PDFPage | undefined;
  /** Distance of the cursor from the bottom of the page (pdf-lib's y axis). */
  y = 0;

  private constructor(doc: PDFDocument, fonts: Record<FontStyle, PDFFont>) {
    this.doc = doc;
    this.fonts = fonts;
  }

  /** Creates a document with the fonts embedded as subsets. */
  static async create(fonts: FormFonts, title: string): Promise<FormWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const [regular, bold, italic] = await Promise.all([
      doc.embedFont(fonts.regular, { subset: true }),
      doc.embedFont(fonts.bold, { subset: true }),
      doc.embedFont(fonts.italic, { subset: true }),
    ]);
    doc.setTitle(normalize(title));
    doc.setLanguage('vi-VN');
    doc.setCreator('Một Cửa Desk');
    doc.setProducer('Một Cửa Desk');
    return new FormWriter(doc, { regular, bold, italic });
  }

  get page(): PDFPage {
    if (!this.currentPage) throw new Error('FormWriter: newPage() must be called first');
    return this.currentPage;
  }

  get left(): number {
    return MARGIN.left;
  }

  get textWidth(): number {
    return A4.width - MARGIN.left - MARGIN.right;
  }

  newPage(): void {
    this.currentPage = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN.top;
  }

  /** Starts a new page when fewer than `height` points are left. */
  ensureSpace(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  font(style: FontStyle = 'regular'): PDFFont {
    return this.fonts[style];
  }

  /** Splits text into lines that fit `width` at `size`, breaking at spaces (or inside over-long words). */
  wrap(text: string, width: number, size: number, style: FontStyle = 'regular'): string[] {
    const font = this.fonts[style];
    const lines: string[] = [];
    for (const paragraph of normalize(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  /** Draws wrapped text at the cursor and moves the cursor below it; returns the height used. */
  text(text: string, options: TextOptions = {}): number {
    const size = options.size ?? 12;
    const style = options.style ?? 'regular';
    const x = options.x ?? this.left;
    const width = options.width ?? this.textWidth;
    const lineHeight = size * 1.32;
    const lines = this.wrap(text, width, size, style);
    const startY = this.y;
    let y = this.y;
    for (const line of lines) {
      if (!options.keepCursor && y - lineHeight < MARGIN.bottom) {
        this.newPage();
        y = this.y;
      }
      const lineWidth = this.fonts[style].widthOfTextAtSize(line, size);
      const lineX = options.align === 'center' ? x + (width - lineWidth) / 2 : options.align === 'right' ? x + width - lineWidth : x;
      y -= lineHeight;
      this.page.drawText(line, { x: lineX, y: y + size * 0.28, size, font: this.fonts[style], color: BLACK });
      if (options.underline) {
        this.page.drawLine({ start: { x: lineX, y: y + size * 0.12 }, end: { x: lineX + lineWidth, y: y + size * 0.12 }, thickness: 0.6, color: BLACK });
      }
    }
    if (!options.keepCursor) this.y = y;
    return startY - y;
  }

  /** A "Label: value" line where only the label is bold-free and the value may wrap. */
  field(label: string, value: string, options: { size?: number } = {}): void {
    this.text(`${label}${value}`, { size: options.size ?? 12 });
  }

  /** Vertical space. */
  gap(points: number): void {
    this.y -= points;
  }

  /** A table with a header row; cells wrap and rows grow; the header repeats on a new page. */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], options: { size?: number } = {}): void {
    const size = options.size ?? 11;
    const padding = 4;
    const lineHeight = size * 1.3;
    const total = columns.reduce((sum, column) => sum + column.weight, 0);
    const widths = columns.map((column) => (column.weight / total) * this.textWidth);
    const drawRow = (cells: readonly string[], style: FontStyle, align?: 'center') => {
      const wrapped = cells.map((cell, index) => this.wrap(cell, widths[index]! - 2 * padding, size, style));
      const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + 2 * padding;
      this.ensureSpace(height);
      let x = this.left;
      wrapped.forEach((lines, index) => {
        const width = widths[index]!;
        this.page.drawRectangle({ x, y: this.y - height, width, height, borderColor: BLACK, borderWidth: 0.6 });
        lines.forEach((line, lineIndex) => {
          const cellAlign = align ?? columns[index]!.align ?? 'left';
          const lineWidth = this.fonts[style].widthOfTextAtSize(line, size);
          const lineX = cellAlign === 'center' ? x + (width - lineWidth) / 2 : x + padding;
          this.page.drawText(line, { x: lineX, y: this.y - padding - (lineIndex + 1) * lineHeight + size * 0.3, size, font: this.fonts[style], color: BLACK });
        });
        x += width;
      });
      this.y -= height;
    };
    drawRow(columns.map((column) => column.title), 'bold', 'center');
    for (const row of rows) {
      if (this.y - (lineHeight + 2 * padding) < MARGIN.bottom) {
        this.newPage();
        drawRow(columns.map((column) => column.title), 'bold', 'center');
      }
      drawRow(row, 'regular');
    }
  }

  /** Draws a QR code of `payload` as vector squares with its top-left corner at (x, yTop). */
  qr(payload: string, x: number, yTop: number, size: number): void {
    const matrix = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
    const quiet = 2;
    const cell = size / (matrix.size + 2 * quiet);
    this.page.drawRectangle({ x, y: yTop - size, width: size, height: size, color: rgb(1, 1, 1) });
    for (let row = 0; row < matrix.size; row += 1) {
      for (let column = 0; column < matrix.size; column += 1) {
        if (!matrix.get(row, column)) continue;
        this.page.drawRectangle({ x: x + (column + quiet) * cell, y: yTop - (row + quiet + 1) * cell, width: cell, height: cell, color: BLACK });
      }
    }
  }

  /** Two (or more) columns of centred lines side by side, e.g. the header or the signature blocks. */
  columns(blocks: readonly { lines: readonly { text: string; style?: FontStyle; size?: number; underline?: boolean }[]; weight?: number }[]): void {
    const total = blocks.reduce((sum, block) => sum + (block.weight ?? 1), 0);
    const startY = this.y;
    let lowest = startY;
    let x = this.left;
    for (const block of blocks) {
      const width = ((block.weight ?? 1) / total) * this.textWidth;
      this.y = startY;
      for (const line of block.lines) this.text(line.text, { x, width, align: 'center', style: line.style ?? 'regular', size: line.size ?? 12, underline: line.underline ?? false });
      lowest = Math.min(lowest, this.y);
      x += width;
    }
    this.y = lowest;
  }

  /** The finished PDF, in a plain ArrayBuffer-backed array (transferable, and what the IPC contract takes). */
  async save(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.doc.save({ useObjectStreams: false }));
  }
}

/** Composed (NFC) text, so every Vietnamese letter is one glyph of the font. */
export function normalize(text: string): string {
  return text.normalize('NFC');
}
