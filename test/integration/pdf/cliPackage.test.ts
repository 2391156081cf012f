import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support/launchChromium';
import { renderTestPages } from '../../support/ocr/renderTestPages';
import { samplePage } from '../../support/ocr/vietnameseSamples';
import { requireTools, run } from '../../support/ocr/requireTools';

const exec = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let dir: string;
let jpeg: string;
let png: string;

describe('CLI: npm run cli -- ocr / package', () => {
  beforeAll(async () => {
    requireTools('qpdf', 'pdftotext', 'pdfinfo');
    dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-cli-pdf-'));
    const browser = await launchChromium();
    try {
      const [a, b] = await renderTestPages(browser, [
        { sample: samplePage(1, 1), degradation: { dpi: 200, format: 'jpeg', specksPerCm2: 0.5, seed: 5 } },
        { sample: samplePage(2, 1), degradation: { dpi: 300, format: 'bilevel', seed: 6 } },
      ]);
      jpeg = path.join(dir, 'trang1.jpg');
      png = path.join(dir, 'trang2.png');
      await writeFile(jpeg, a!.bytes);
      await writeFile(png, b!.bytes);
    } finally {
      await browser.close();
    }
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ocr prints the recognised Vietnamese text of each image', async () => {
    const { stdout } = await exec(tsx, ['main/cli.ts', 'ocr', '--dpi', '200', jpeg], { cwd: root });
    expect(stdout).toContain(`=== ${jpeg} (psm 3`);
    expect(stdout.replace(/\s+/g, ' ')).toContain('Người yêu cầu: Nguyễn Văn An');
    expect(stdout).toMatch(/SỞ TƯ PHÁP\s+TỈNH BẮC NINH/);
  });

  it('package writes a checked, searchable PDF and reports its SHA-256', async () => {
    const out = path.join(dir, 'to-khai.pdf');
    const { stdout } = await exec(tsx, ['main/cli.ts', 'package', '--component', 'Tờ khai', '--dossier', '000.00.16.H27-261124-0002', '--procedure', '1.001193', '--agency', 'UBND phường Hoàn Kiếm', jpeg, png, '--out', out], { cwd: root });
    const report = JSON.parse(stdout) as { sha256: string; pageCount: number; encodings: string[] };
    const bytes = await readFile(out);
    expect(report.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(report).toMatchObject({ pageCount: 2, encodings: ['jpeg-passthrough', 'png-passthrough'] });
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');
    expect(run('pdftotext', ['-enc', 'UTF-8', out, '-']).replace(/\s+/g, ' ')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(run('pdfinfo', [out])).toContain('Keywords:        000.00.16.H27-261124-0002; 1.001193; Tờ khai');
  });

  it('package refuses a truncated image in Vietnamese, exits 1 and writes nothing', async () => {
    const broken = path.join(dir, 'hong.jpg');
    await writeFile(broken, (await readFile(jpeg)).subarray(0, 3000));
    const out = path.join(dir, 'khong-co.pdf');
    const failure = await exec(tsx, ['main/cli.ts', 'package', '--no-ocr', '--component', 'Tờ khai', jpeg, broken, '--out', out], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('hong.jpg: Ảnh JPEG bị cắt cụt (tệp chưa ghi hết). Hãy quét lại trang này.');
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
