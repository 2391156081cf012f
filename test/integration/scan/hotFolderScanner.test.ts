import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ScanJobState, ScanPage } from '../../../preload/contract';
import { createScanService } from '../../../main/scan/createScanService';
import { createHotFolderScanner, type HotFolderScannerOptions } from '../../../main/scan/hotFolderScanner';
import { pagesOfFile } from '../../../main/scan/pagesOfFile';
import { makePng } from '../../support/makePng';
import { readPngPixels } from '../../support/readPngPixels';

const run = promisify(execFile);
const fixtures = path.join(__dirname, '..', '..', 'unit');
const jpegPath = path.join(fixtures, 'pdf', 'fixtures', 'small.jpg');
const tiffPath = path.join(fixtures, 'scan', 'fixtures', 'threePages.tif');
const timing: HotFolderScannerOptions = { pollMs: 30, settleMs: 150, idleEndMs: 500, giveUpMs: 700, firstFileTimeoutMs: 600 };

async function hotFolderJob(dir: string, options: HotFolderScannerOptions = {}) {
  const pages: ScanPage[] = [];
  const states: ScanJobState[] = [];
  const service = createScanService({
    drivers: [createHotFolderScanner({ ...timing, ...options, folders: [{ path: dir, name: 'Thư mục máy quét A' }] })],
    spoolDir: await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-')),
    emit: { page: (page) => pages.push(page), job: (state) => states.push(state) },
  });
  const jobId = crypto.randomUUID();
  await service.start(jobId, `folder:${dir}`, { source: 'adf', colorMode: 'color', dpi: 200 }, { dossierId: 'd1', componentId: 'c1' });
  return { service, jobId, pages, states, final: async () => (await service.whenIdle(), states.at(-1)!) };
}

describe('hot-folder driver on a real folder', () => {
  it('lists the folder and takes every file written into it, in name order, then files it away', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-hot-'));
    const driver = createHotFolderScanner({ folders: [{ path: dir, name: 'Thư mục máy quét A' }, { path: path.join(dir, 'missing') }] });
    expect(await driver.listDevices()).toEqual([{ id: `folder:${dir}`, name: 'Thư mục máy quét A', driver: 'folder', training: false }]);
    await writeFile(path.join(dir, 'scan10.tif'), await readFile(tiffPath));
    await writeFile(path.join(dir, 'scan9.jpg'), await readFile(jpegPath));
    await writeFile(path.join(dir, 'notes.txt'), 'bỏ qua');
    const job = await hotFolderJob(dir);
    // A file written while the job runs is taken too.
    setTimeout(() => void writeFile(path.join(dir, 'scan11.png'), makePng(50, 70)), 250);
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 5 });
    expect(job.pages.map((p) => [p.mime, p.width])).toEqual([
      ['image/jpeg', expect.any(Number)],
      ['image/png', 120],
      ['image/png', 100],
      ['image/png', 64],
      ['image/png', 50],
    ]);
    expect(job.pages[0]!.data).toEqual(new Uint8Array(await readFile(jpegPath)));
    expect((await readdir(dir)).sort()).toEqual(['da-nhap', 'notes.txt']);
    expect((await readdir(path.join(dir, 'da-nhap'))).sort()).toEqual(['scan10.tif', 'scan11.png', 'scan9.jpg']);
  });

  it('waits for a file that is still being written and takes it whole, once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-hot-'));
    const png = makePng(200, 300, 3);
    await writeFile(path.join(dir, 'page.png'), png.subarray(0, 100));
    const job = await hotFolderJob(dir);
    // The writer pauses longer than the settle time before finishing the file.
    await new Promise((resolve) => setTimeout(resolve, 350));
    await appendFile(path.join(dir, 'page.png'), png.subarray(100));
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 1 });
    expect(Buffer.from(job.pages[0]!.data).equals(png)).toBe(true);
  });

  it('stops on a file that stays damaged, naming it in Vietnamese, keeping earlier pages and the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-hot-'));
    await writeFile(path.join(dir, 'a1.png'), makePng(40, 40));
    const broken = (await readFile(tiffPath)).subarray(0, 900);
    await writeFile(path.join(dir, 'a2.tif'), broken);
    const job = await hotFolderJob(dir);
    const last = await job.final();
    expect(last).toMatchObject({ state: 'failed', pages: 1, error: { code: 'scanner-bad-file' } });
    expect(last.error?.message).toContain('Tệp “a2.tif”');
    expect((await job.service.pending()).length).toBe(1);
    expect(await readFile(path.join(dir, 'khong-doc-duoc', 'a2.tif'))).toEqual(broken);
  });

  it('says so in Vietnamese when nothing arrives', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-hot-'));
    const last = await (await hotFolderJob(dir)).final();
    expect(last).toMatchObject({ state: 'failed', pages: 0, error: { code: 'scanner-folder-empty' } });
    expect(last.error?.message).toContain('Chưa có tệp quét nào trong thư mục');
  });

  it('can be cancelled while waiting', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-hot-'));
    const job = await hotFolderJob(dir, { firstFileTimeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await job.service.cancel(job.jobId)).toBe(true);
    expect(job.states.at(-1)).toMatchObject({ state: 'cancelled' });
  });
});

describe('PDF import of pages written by img2pdf', () => {
  it('takes a JPEG page byte for byte and a PNG page pixel for pixel', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-pdf-'));
    const png = makePng(120, 90, 5);
    await writeFile(path.join(dir, 'b.png'), png);
    const pdfPath = path.join(dir, 'ho-so.pdf');
    await run('img2pdf', ['--output', pdfPath, jpegPath, path.join(dir, 'b.png')]);
    const pages = [];
    for await (const page of pagesOfFile('ho-so.pdf', new Uint8Array(await readFile(pdfPath)))) pages.push(page);
    expect(pages.map((p) => p.mime)).toEqual(['image/jpeg', 'image/png']);
    expect(Buffer.from(pages[0]!.data).equals(await readFile(jpegPath))).toBe(true);
    expect(readPngPixels(pages[1]!.data).rgb).toEqual(readPngPixels(png).rgb);
  });
});
