import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ColorMode, eventChannel, SCAN_DPI_RANGE, ScanSource, type ScanJobState, type ScanPage } from '../../preload/contract';
import type { CliCommand } from '../cli';
import { esclDeviceId } from '../scan/esclScanner';
import { createServices } from '../services/createServices';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

const SOURCES: readonly string[] = ScanSource.options;
const MODES: readonly string[] = ColorMode.options;
const extensions: Record<ScanPage['mime'], string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif' };

/**
 * `scan --device <id|url> [--source adf] [--color color] [--dpi 200] --out <dir>`: scans with the
 * same drivers and spool as the app and writes each page to a file as it arrives. A device id is
 * one `scan --list` prints; an http(s) URL is an eSCL scanner; `folder:<path>` is a hot folder.
 */
export const scanCommand: CliCommand = {
  summary: 'Quét trang ra thư mục: scan --device <mã|URL eSCL> [--source platen|adf|adf-duplex] [--color color|gray|bw] [--dpi 200] --out <thư mục>; scan --list',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { device: { type: 'string' }, source: { type: 'string' }, color: { type: 'string' }, dpi: { type: 'string' }, out: { type: 'string' }, list: { type: 'boolean' } },
    });
    const device = values.device ?? '';
    const url = /^https?:\/\//i.test(device) ? device : undefined;
    const folder = device.startsWith('folder:') ? device.slice('folder:'.length) : undefined;
    let finish: (state: ScanJobState) => void = () => {};
    const finished = new Promise<ScanJobState>((resolve) => (finish = resolve));
    let chain = Promise.resolve();
    let written = 0;
    let noticesShown = 0;
    const out = values.out ? path.resolve(values.out) : undefined;
    const services = createServices({
      dataDir: process.env.MOTCUA_DATA_DIR ?? path.join(os.homedir(), '.mot-cua-desk'),
      version: '0.0.0',
      mode: process.env.MOTCUA_MODE === 'production' ? 'production' : 'training',
      host: 'cli',
      sink: (channel, payload) => {
        if (channel === eventChannel('scan', 'page') && out) {
          const page = payload as ScanPage;
          chain = chain.then(async () => {
            const file = path.join(out, `trang-${String(page.index).padStart(4, '0')}.${extensions[page.mime]}`);
            await writeFile(file, page.data);
            await services.scan.acknowledge(page.jobId, page.index);
            written += 1;
            process.stderr.write(`${file} (${page.width ?? '?'}×${page.height ?? '?'}, ${page.dpi} dpi)\n`);
          });
        } else if (channel === eventChannel('scan', 'job')) {
          const state = payload as ScanJobState;
          // What the app shows above the scanner (e.g. a resolution the device lacks), once each.
          for (const notice of (state.notices ?? []).slice(noticesShown)) process.stderr.write(`Lưu ý: ${notice.message}\n`);
          noticesShown = Math.max(noticesShown, state.notices?.length ?? 0);
          if (state.state !== 'scanning') finish(state);
        }
      },
      scanners: { ...(url ? { escl: { urls: [url] } } : {}), ...(folder ? { folders: { folders: [{ path: folder }] } } : {}) },
    });
    if (values.list) {
      for (const d of await services.scan.listDevices()) process.stdout.write(`${d.id}\t${d.name}${d.training ? ' (đào tạo)' : ''}\n`);
      return 0;
    }
    const source = (values.source ?? 'adf') as ScanSource;
    const colorMode = (values.color ?? 'color') as ColorMode;
    const dpi = Number(values.dpi ?? 200);
    if (!device) return usage('Cần --device (mã thiết bị từ `scan --list`, hoặc URL eSCL của máy quét).');
    if (!out) return usage('Cần --out <thư mục> để ghi các trang.');
    if (!SOURCES.includes(source)) return usage(`--source phải là một trong: ${SOURCES.join(', ')}.`);
    if (!MODES.includes(colorMode)) return usage(`--color phải là một trong: ${MODES.join(', ')}.`);
    if (!(Number.isInteger(dpi) && dpi >= SCAN_DPI_RANGE.min && dpi <= SCAN_DPI_RANGE.max)) return usage(`--dpi phải là số nguyên trong khoảng ${SCAN_DPI_RANGE.min}–${SCAN_DPI_RANGE.max}.`);
    await mkdir(out, { recursive: true });
    const deviceId = url ? esclDeviceId(url) : folder ? `folder:${path.resolve(folder)}` : device;
    const jobId = crypto.randomUUID();
    const stop = () => void services.scan.cancel(jobId);
    process.once('SIGINT', stop);
    try {
      await services.scan.start(jobId, deviceId, { source, colorMode, dpi }, { dossierId: 'cli' });
      const state = await finished;
      await chain;
      if (state.state === 'completed') {
        process.stdout.write(`Đã quét ${written} trang vào ${out}\n`);
        return 0;
      }
      process.stderr.write(`${state.error?.message ?? state.state} (${written} trang đã ghi vào ${out})\n${state.error?.detail ? `Chi tiết: ${state.error.detail}\n` : ''}`);
      return state.state === 'cancelled' ? 130 : 1;
    } catch (error) {
      process.stderr.write(`${error instanceof DeskFailure ? error.userMessage : error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      process.removeListener('SIGINT', stop);
    }
  },
};

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
