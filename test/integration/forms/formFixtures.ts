import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FormFonts } from '../../../preload/shared/domain/forms/formWriter';
import type { FormAgency } from '../../../preload/shared/domain/forms/formTypes';

const fontDir = path.join(__dirname, '../../../assets/fonts');

/** The fonts the app embeds, read from assets/fonts. */
export function loadFormFonts(): FormFonts {
  return {
    regular: new Uint8Array(readFileSync(path.join(fontDir, 'NotoSerif-Regular.ttf'))),
    bold: new Uint8Array(readFileSync(path.join(fontDir, 'NotoSerif-Bold.ttf'))),
    italic: new Uint8Array(readFileSync(path.join(fontDir, 'NotoSerif-Italic.ttf'))),
  };
}

export const AGENCY: FormAgency = {
  parentName: 'Bộ Khoa học và Công nghệ',
  unitName: 'Bộ phận Tiếp nhận và Trả kết quả',
  place: 'Hà Nội',
  phone: '024 3943 9731',
};

/** Fails loudly when poppler-utils is missing: the check is against the real pdftotext. */
export function requirePoppler(): void {
  for (const tool of ['pdftotext', 'pdftoppm', 'pdfinfo']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} (Debian package poppler-utils) is required for the form tests`);
    }
  }
}

/** Writes a PDF to a temporary folder and returns its path. */
export function writeTempPdf(bytes: Uint8Array, name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-forms-'));
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Text of a PDF as poppler extracts it, whitespace collapsed to single spaces. */
export function pdfText(file: string, options: { firstPage?: number; lastPage?: number } = {}): string {
  const args = ['-enc', 'UTF-8'];
  if (options.firstPage) args.push('-f', String(options.firstPage));
  if (options.lastPage) args.push('-l', String(options.lastPage));
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
}

/** Page count and PDF version from pdfinfo. */
export function pdfInfo(file: string): { pages: number; version: string } {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1]), version: /PDF version:\s+([\d.]+)/.exec(out)?.[1] ?? '' };
}
