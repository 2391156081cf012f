import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One image XObject of a PDF as poppler's `pdfimages -all` takes it out. */
export interface PdfImage {
  /** 1-based page the image is drawn on. */
  page: number;
  /** `jpeg`: the DCT stream byte for byte (any Flate on top undone); `png`: the samples, losslessly. */
  kind: 'jpeg' | 'png' | 'other';
  bytes: Uint8Array;
}

/**
 * The images of a PDF, in page order, taken out by an independent reader (poppler-utils'
 * `pdfimages`, not the app's pdf-lib code): what a reader of the digitized file gets. A missing
 * pdfimages fails with the Debian package to install.
 */
export async function extractPdfImages(pdf: Uint8Array): Promise<PdfImage[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-pdfimages-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    try {
      await run('pdfimages', ['-all', '-p', file, path.join(dir, 'img')]);
    } catch (error) {
      throw new Error(`pdfimages failed or is missing (Debian package poppler-utils): ${(error as Error).message}`, { cause: error });
    }
    const names = (await readdir(dir)).filter((name) => name.startsWith('img-')).sort();
    return await Promise.all(
      names.map(async (name) => {
        const [, page] = /^img-(\d+)-\d+\./.exec(name) ?? [];
        const ext = path.extname(name);
        return { page: Number(page), kind: ext === '.jpg' ? 'jpeg' : ext === '.png' ? 'png' : 'other', bytes: new Uint8Array(await readFile(path.join(dir, name))) } satisfies PdfImage;
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
