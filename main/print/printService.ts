import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskServices } from '../../preload/contract';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/**
 * Shows a spooled PDF in the operating system's print dialog. Electron supplies one (see
 * presentPdfForPrinting); hosts without a printer dialog (test host, CLI) supply none.
 */
export type PrintPresenter = (file: string, title: string) => Promise<'printed' | 'cancelled'>;

export interface PrintServiceOptions {
  dataDir: string;
  presenter?: PrintPresenter;
  /** Spool files older than this are removed when a new job comes in (default one day). */
  keepMs?: number;
  now?: () => Date;
}

const MAX_PDF_BYTES = 50 * 1024 * 1024;

/** Refuses anything that is not a complete PDF, with a Vietnamese message; nothing is sent to a printer. */
export function checkPdfBytes(pdf: Uint8Array): void {
  const head = new TextDecoder('latin1').decode(pdf.subarray(0, 8));
  const tail = new TextDecoder('latin1').decode(pdf.subarray(Math.max(0, pdf.length - 1024)));
  if (pdf.length > MAX_PDF_BYTES) throw new DeskFailure('print-too-large', 'Tệp cần in quá lớn (trên 50 MB).', `${pdf.length} bytes`);
  if (!/^%PDF-\d\.\d/.test(head)) throw new DeskFailure('print-not-pdf', 'Tệp cần in không phải PDF.', `header ${JSON.stringify(head)}`);
  if (!tail.includes('%%EOF')) throw new DeskFailure('print-truncated-pdf', 'Tệp PDF cần in bị cắt cụt, không in được.', 'no %%EOF marker in the last 1024 bytes');
}

/** A file name from a title: ASCII letters, digits, dots and dashes only. */
export function spoolFileName(title: string, at: Date): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${at.toISOString().replace(/[:.]/g, '-')}-${slug || 'ban-in'}.pdf`;
}

/**
 * The print service: checks the PDF, writes it to `<dataDir>/print-spool`, then hands it to the
 * presenter (the OS print dialog in Electron). The spool copy stays for a day so a jammed printer
 * does not mean regenerating the receipt.
 */
export function createPrintService(options: PrintServiceOptions): DeskServices['print'] {
  const spool = path.join(options.dataDir, 'print-spool');
  const now = options.now ?? (() => new Date());
  const keepMs = options.keepMs ?? 24 * 3_600_000;

  async function sweep(current: Date): Promise<void> {
    for (const name of await readdir(spool)) {
      const file = path.join(spool, name);
      const info = await stat(file).catch(() => undefined);
      if (info && current.getTime() - info.mtimeMs > keepMs) await rm(file, { force: true });
    }
  }

  return {
    async printPdf(request) {
      checkPdfBytes(request.pdf);
      const at = now();
      await mkdir(spool, { recursive: true });
      await sweep(at);
      const file = path.join(spool, spoolFileName(request.title, at));
      // Written under a temporary name and renamed: a spool file, once it appears, is complete.
      const partial = path.join(spool, `.${randomUUID()}.part`);
      await writeFile(partial, request.pdf);
      await rename(partial, file);
      if (!options.presenter) return { outcome: 'spooled', path: file };
      try {
        return { outcome: await options.presenter(file, request.title), path: file };
      } catch (error) {
        throw new DeskFailure('print-failed', 'Không mở được hộp thoại in của hệ điều hành; tệp đã được lưu để in lại.', (error as Error).message, { cause: error });
      }
    },
  };
}
