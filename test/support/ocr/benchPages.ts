import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium } from '../../e2e/support/launchChromium';
import { renderStandardPages, type LabelledPage } from './standardPageSet';

/** A rendered page written to disk, for tools that read files. */
export interface PageOnDisk extends LabelledPage {
  file: string;
}

/** Renders the first `count` standard pages and writes them into `dir` (jpg or png by format). */
export async function writeBenchPages(dir: string, count: number): Promise<PageOnDisk[]> {
  await mkdir(dir, { recursive: true });
  const browser = await launchChromium();
  let pages: LabelledPage[];
  try {
    pages = await renderStandardPages(browser, count);
  } finally {
    await browser.close();
  }
  return Promise.all(
    pages.map(async (page, i) => {
      const file = path.join(dir, `page-${String(i + 1).padStart(3, '0')}.${page.format === 'jpeg' ? 'jpg' : 'png'}`);
      await writeFile(file, page.bytes);
      return { ...page, file };
    }),
  );
}

/** Runs async tasks with at most `limit` at a time, preserving result order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}
