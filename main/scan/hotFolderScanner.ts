import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pagesOfFile, type ImportedPage } from './pagesOfFile';
import { scanFailure } from './scanFailure';
import type { ScannedPage, ScannerDevice, ScannerDriver } from './ScannerDriver';

/** A folder a vendor scan utility saves into. */
export interface HotFolder {
  path: string;
  name?: string;
}

export interface HotFolderScannerOptions {
  folders?: HotFolder[] | (() => Promise<HotFolder[]>);
  /** How often the folder is looked at. */
  pollMs?: number;
  /** A file whose size and time have not changed for this long is taken as written. */
  settleMs?: number;
  /** The job ends when no new file came for this long after the last one. */
  idleEndMs?: number;
  /** How long a job waits for the first file. */
  firstFileTimeoutMs?: number;
  /** A file still unreadable this long after it stopped changing is damaged, not half-written. */
  giveUpMs?: number;
}

/** Where taken files go, inside the hot folder: nothing is ever deleted. */
export const IMPORTED_SUBFOLDER = 'da-nhap';
export const FAILED_SUBFOLDER = 'khong-doc-duoc';
const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf']);
const PREFIX = 'folder:';

async function moveInto(file: string, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const { name, ext } = path.parse(file);
  for (let n = 0; ; n += 1) {
    const target = path.join(folder, n === 0 ? `${name}${ext}` : `${name} (${n})${ext}`);
    const taken = await stat(target).then(
      () => true,
      () => false,
    );
    if (!taken) {
      await rename(file, target);
      return;
    }
  }
}

/**
 * Hot-folder driver: a scan job takes, in name order, every image or PDF file that a vendor's scan
 * utility writes into the folder. A file is taken only once it has stopped changing and reads
 * whole (a half-written file is waited for); its pages are handed over, then the file is moved to
 * `da-nhap/`. A file that stays unreadable is moved to `khong-doc-duoc/` and the job stops with a
 * Vietnamese error naming it; the pages taken before are kept.
 */
export function createHotFolderScanner(options: HotFolderScannerOptions = {}): ScannerDriver {
  const pollMs = options.pollMs ?? 500;
  const settleMs = options.settleMs ?? 1500;
  const idleEndMs = options.idleEndMs ?? 20_000;
  const firstFileTimeoutMs = options.firstFileTimeoutMs ?? 120_000;
  const giveUpMs = options.giveUpMs ?? 30_000;

  async function folders(): Promise<HotFolder[]> {
    return typeof options.folders === 'function' ? options.folders() : options.folders ?? [];
  }

  async function folderOf(deviceId: string): Promise<string> {
    if (!deviceId.startsWith(PREFIX)) throw scanFailure('no-device', deviceId);
    const dir = path.resolve(deviceId.slice(PREFIX.length));
    const known = (await folders()).some((f) => path.resolve(f.path) === dir);
    if (!known) throw scanFailure('no-device', `${dir} is not a configured hot folder`);
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw scanFailure('offline', `hot folder ${dir} is missing`);
    return dir;
  }

  return {
    kind: 'folder',
    async listDevices() {
      const out: ScannerDevice[] = [];
      const unusable: string[] = [];
      for (const folder of await folders().catch(() => [] as HotFolder[])) {
        const dir = path.resolve(folder.path);
        // A folder that is not there (a disk not plugged in) is simply not listed; one that is
        // there but cannot be scanned from (not a folder, not readable) is a configuration error.
        const exists = await stat(dir).then(
          () => true,
          () => false,
        );
        if (!exists) continue;
        const readable = await readdir(dir).then(
          () => true,
          () => false,
        );
        if (readable) out.push({ id: `${PREFIX}${dir}`, name: folder.name ?? `Thư mục quét ${path.basename(dir)}`, driver: 'folder', training: false });
        else unusable.push(dir);
      }
      if (unusable.length > 0) throw scanFailure('folder-unreadable', `not a readable folder: ${unusable.join(', ')}`);
      return out;
    },
    async capabilities(deviceId) {
      await folderOf(deviceId);
      // The vendor utility decides source, mode and resolution; the pages carry what it chose.
      return { sources: ['adf'], colorModes: ['color', 'gray', 'bw'], resolutions: [] };
    },
    async *scan(deviceId, settings, signal): AsyncGenerator<ScannedPage> {
      const dir = await folderOf(deviceId);
      const seen = new Map<string, { size: number; mtimeMs: number; stableSince: number }>();
      const started = Date.now();
      let lastTaken = started;
      let index = 0;
      const wait = async () => {
        try {
          await delay(pollMs, undefined, { signal });
        } catch {
          throw scanFailure('cancelled', `hot folder job cancelled after ${index} pages`);
        }
      };
      for (;;) {
        if (signal.aborted) throw scanFailure('cancelled', `hot folder job cancelled after ${index} pages`);
        const names = (await readdir(dir, { withFileTypes: true }))
          .filter((entry) => entry.isFile() && !/^[.~]/.test(entry.name) && EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
          .map((entry) => entry.name)
          .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
        for (const name of seen.keys()) if (!names.includes(name)) seen.delete(name);
        for (const name of names) {
          const file = path.join(dir, name);
          const now = Date.now();
          const info = await stat(file).catch(() => undefined);
          if (!info) continue;
          const known = seen.get(name);
          if (!known || known.size !== info.size || known.mtimeMs !== info.mtimeMs) {
            seen.set(name, { size: info.size, mtimeMs: info.mtimeMs, stableSince: now });
            lastTaken = Math.max(lastTaken, now);
            break;
          }
          // Files are taken in order: a later file waits for an earlier one still being written.
          if (now - known.stableSince < settleMs) break;
          const bytes = new Uint8Array(await readFile(file));
          let pages: ImportedPage[];
          try {
            pages = [];
            for await (const page of pagesOfFile(name, bytes)) pages.push(page);
          } catch (error) {
            if (now - known.stableSince < giveUpMs) break;
            await moveInto(file, path.join(dir, FAILED_SUBFOLDER));
            throw error;
          }
          for (const page of pages) {
            index += 1;
            yield { index, mime: page.mime, data: page.data, width: page.width, height: page.height, dpi: page.dpi ?? settings.dpi, colorMode: settings.colorMode };
          }
          // Every page of the file is spooled by now: the file can leave the folder.
          await moveInto(file, path.join(dir, IMPORTED_SUBFOLDER));
          seen.delete(name);
          lastTaken = Date.now();
        }
        const now = Date.now();
        // A file still being written (or waited on as perhaps half-written) keeps the job open.
        if (index > 0 && seen.size === 0 && now - lastTaken >= idleEndMs) return;
        if (index === 0 && seen.size === 0 && now - started >= firstFileTimeoutMs) throw scanFailure('folder-empty', `nothing in ${dir} after ${firstFileTimeoutMs} ms`);
        await wait();
      }
    },
  };
}
