import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskServices, EmitterOf, ScanJobState, ScanNotice, ScanPage, ScanTarget } from '../../preload/contract';
import type { scanService } from '../../preload/contract/scan';
import { DeskFailure, toDeskError, userMessageOf } from '../../preload/shared/errors/DeskFailure';
import type { ScannerBackendInfo, ScannerBackendKind } from '../../preload/contract/scan';
import { scanFailure, scanFailureKind } from './scanFailure';
import { badFilesFailure, pagesOfFile } from './pagesOfFile';
import type { ScannedPage, ScannerDevice, ScannerDriver } from './ScannerDriver';

/** What imported pages say they came from. */
const IMPORT_DEVICE_NAME = 'Nhập từ tệp';

/**
 * The pages of the given files in order. A damaged file is skipped, so the good ones are all
 * taken; the job then ends with one error naming every file that could not be read.
 */
async function* pagesOfFiles(files: Array<{ name: string; data: Uint8Array }>, signal: AbortSignal): AsyncGenerator<ScannedPage> {
  let index = 0;
  const failures: Array<{ name: string; error: unknown }> = [];
  for (const file of files) {
    if (signal.aborted) throw scanFailure('cancelled', `import cancelled after ${index} pages`);
    const pages = [];
    try {
      for await (const page of pagesOfFile(file.name, file.data)) pages.push(page);
    } catch (error) {
      failures.push({ name: file.name, error });
      continue;
    }
    for (const page of pages) {
      index += 1;
      yield { index, mime: page.mime, data: page.data, width: page.width, height: page.height, dpi: page.dpi ?? 0, colorMode: 'color' };
    }
  }
  if (failures.length > 0) throw badFilesFailure(failures);
}

export interface ScanServiceOptions {
  drivers: ScannerDriver[];
  /** Pages wait here until the renderer has stored them. */
  spoolDir: string;
  emit: EmitterOf<typeof scanService>;
  /** Remembers a network scanner URL (the host's settings file); without it the method refuses. */
  rememberNetworkScanner?: (url: string) => Promise<string>;
}

type PageMeta = Omit<ScanPage, 'data'>;

/** What the officer reads before a backend's error line, and beside "Đang tìm máy quét…". */
export const SCANNER_BACKEND_NAMES: Record<ScannerBackendKind, string> = {
  demo: 'Máy quét mẫu',
  sane: 'SANE',
  escl: 'Máy quét mạng (eSCL)',
  folder: 'Thư mục quét',
};

function isBackendKind(kind: string): kind is ScannerBackendKind {
  return kind in SCANNER_BACKEND_NAMES;
}

const extensions: Record<ScanPage['mime'], string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif' };

/**
 * The scan service: drives any backend through the ScannerDriver interface, spools every page to disk
 * before handing it to the renderer, and deletes it only when the renderer acknowledges that it is
 * stored. `whenIdle` lets tests and the CLI wait for running jobs.
 */
export function createScanService(options: ScanServiceOptions): DeskServices['scan'] & { whenIdle(): Promise<void> } {
  const jobs = new Map<string, { controller: AbortController; deviceId: string; done: Promise<void> }>();
  const deviceNames = new Map<string, string>();

  function driverFor(deviceId: string): ScannerDriver {
    const kind = deviceId.split(':', 1)[0];
    const driver = options.drivers.find((d) => d.kind === kind);
    if (!driver) throw scanFailure('no-device', deviceId);
    return driver;
  }

  async function spoolPage(jobDir: string, meta: PageMeta, data: Uint8Array): Promise<void> {
    // The job's folder appears with its first page: a job that brings none leaves nothing behind.
    await mkdir(jobDir, { recursive: true });
    const base = path.join(jobDir, String(meta.index).padStart(5, '0'));
    await writeFile(`${base}.${extensions[meta.mime]}`, data);
    // The meta file is written last and atomically: its presence means the page is complete.
    await writeFile(`${base}.json.tmp`, JSON.stringify(meta));
    await rename(`${base}.json.tmp`, `${base}.json`);
  }

  /**
   * Removes a job's folder once nothing is left in it (every page acknowledged). Tidying only: a
   * folder that cannot be removed now is empty and harmless, and the next start removes it.
   */
  async function removeIfEmpty(jobDir: string): Promise<void> {
    const left = await readdir(jobDir).catch(() => undefined);
    if (left && left.length === 0) await rm(jobDir, { recursive: true, force: true }).catch(() => undefined);
  }

  /**
   * At start no job runs, so a job folder holding no complete page (no meta file) is a leftover:
   * empty, or the part of a page that was never handed over. Folders with pages stay for `pending`.
   */
  async function cleanSpool(): Promise<void> {
    for (const name of await readdir(options.spoolDir).catch(() => [] as string[])) {
      const jobDir = path.join(options.spoolDir, name);
      const files = await readdir(jobDir).catch(() => undefined);
      // Tidying only, like removeIfEmpty: what cannot be removed now is tried again at the next start.
      if (files && !files.some((file) => file.endsWith('.json'))) await rm(jobDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }
  const cleaned = cleanSpool();

  async function runJob(jobId: string, deviceId: string, target: ScanTarget, signal: AbortSignal, source: (notify: (notice: ScanNotice) => void) => AsyncIterable<ScannedPage>, knownName?: string) {
    await cleaned;
    const jobDir = path.join(options.spoolDir, jobId);
    let deviceName = knownName ?? deviceNames.get(deviceId);
    let pages = 0;
    const notices: ScanNotice[] = [];
    const emitJob = (state: ScanJobState['state'], error?: ScanJobState['error']) =>
      options.emit.job({ jobId, target, deviceId, state, pages, ...(error ? { error } : {}), ...(notices.length > 0 ? { notices: [...notices] } : {}) });
    const notify = (notice: ScanNotice) => {
      if (notices.length >= 20) return;
      notices.push(notice);
      emitJob('scanning');
    };
    emitJob('scanning');
    try {
      for await (const page of source(notify)) {
        // The device's name is looked up only once a page has come: listing devices before the job
        // would ask a network scanner for its capabilities a second time, and a silent one would
        // then keep the officer waiting twice.
        if (deviceName === undefined) {
          for (const device of await driverFor(deviceId).listDevices().catch((): ScannerDevice[] => [])) deviceNames.set(device.id, device.name);
          deviceName = deviceNames.get(deviceId) ?? deviceId;
        }
        const meta: PageMeta = {
          jobId,
          target,
          index: page.index,
          mime: page.mime,
          ...(page.width ? { width: page.width } : {}),
          ...(page.height ? { height: page.height } : {}),
          dpi: page.dpi,
          colorMode: page.colorMode,
          deviceName,
        };
        await spoolPage(jobDir, meta, page.data);
        pages += 1;
        options.emit.page({ ...meta, data: page.data });
        emitJob('scanning');
      }
      emitJob('completed');
    } catch (error) {
      const cancelled = signal.aborted || scanFailureKind(error) === 'cancelled';
      emitJob(cancelled ? 'cancelled' : 'failed', toDeskError(cancelled ? scanFailure('cancelled', `after ${pages} pages`) : error));
    }
  }

  async function listDevices(): Promise<ScannerDevice[]> {
    const lists = await Promise.all(options.drivers.map((driver) => driver.listDevices().catch((): ScannerDevice[] => [])));
    const devices = lists.flat();
    for (const device of devices) deviceNames.set(device.id, device.name);
    return devices;
  }

  /** The backends in the order their devices are listed, each once. */
  function backends(): ScannerBackendInfo[] {
    const kinds = [...new Set(options.drivers.map((driver) => driver.kind))].filter(isBackendKind);
    return kinds.map((kind) => ({ kind, name: SCANNER_BACKEND_NAMES[kind] }));
  }

  /**
   * One backend's devices, answered as soon as that backend has: a slow backend holds back only
   * its own line of the list. A failure names the backend ("SANE: …").
   */
  async function listBackendDevices(kind: ScannerBackendKind): Promise<ScannerDevice[]> {
    const drivers = options.drivers.filter((driver) => driver.kind === kind);
    if (drivers.length === 0) throw scanFailure('no-device', `no ${kind} backend on this host`);
    try {
      const devices = (await Promise.all(drivers.map((driver) => driver.listDevices()))).flat();
      for (const device of devices) deviceNames.set(device.id, device.name);
      return devices;
    } catch (error) {
      const code = error instanceof DeskFailure ? error.code : 'scanner-list-failed';
      const detail = error instanceof DeskFailure ? error.detail : error instanceof Error ? error.message : String(error);
      throw new DeskFailure(code, `${SCANNER_BACKEND_NAMES[kind]}: ${userMessageOf(error)}`, detail, { cause: error });
    }
  }

  return {
    listDevices,
    async backends() {
      return backends();
    },
    listBackendDevices,
    async capabilities(deviceId) {
      return driverFor(deviceId).capabilities(deviceId);
    },
    async start(jobId, deviceId, settings, target) {
      driverFor(deviceId);
      if (jobs.has(jobId)) throw scanFailure('busy', `job ${jobId} exists`);
      if ([...jobs.values()].some((job) => job.deviceId === deviceId)) throw scanFailure('busy', `${deviceId} is scanning`);
      const controller = new AbortController();
      const driver = driverFor(deviceId);
      const done = runJob(jobId, deviceId, target, controller.signal, (notify) => driver.scan(deviceId, settings, controller.signal, notify))
        // Pages acknowledged while the job ran have left an empty folder; the job's end removes it.
        .finally(() => jobs.delete(jobId))
        .then(() => removeIfEmpty(path.join(options.spoolDir, jobId)));
      jobs.set(jobId, { controller, deviceId, done });
      return { jobId };
    },
    async addNetworkScanner(url) {
      if (!options.rememberNetworkScanner) throw scanFailure('unsupported', 'no settings file for network scanners on this host');
      const normalized = await options.rememberNetworkScanner(url);
      const id = `escl:${normalized}`;
      const device = (await listDevices()).find((d) => d.id === id);
      return device ?? { id, name: new URL(normalized).host, driver: 'escl', training: false };
    },
    async importFiles(jobId, files, target) {
      if (jobs.has(jobId)) throw scanFailure('busy', `job ${jobId} exists`);
      const controller = new AbortController();
      const deviceId = `file:${jobId}`;
      const done = runJob(jobId, deviceId, target, controller.signal, () => pagesOfFiles(files, controller.signal), IMPORT_DEVICE_NAME)
        .finally(() => jobs.delete(jobId))
        .then(() => removeIfEmpty(path.join(options.spoolDir, jobId)));
      jobs.set(jobId, { controller, deviceId, done });
      return { jobId };
    },
    async cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job) return false;
      job.controller.abort();
      await job.done;
      return true;
    },
    async acknowledge(jobId, index) {
      const jobDir = path.join(options.spoolDir, jobId);
      const base = path.join(jobDir, String(index).padStart(5, '0'));
      const files = await readdir(jobDir).catch(() => [] as string[]);
      const mine = files.filter((file) => path.join(jobDir, file).startsWith(`${base}.`));
      await Promise.all(mine.map((file) => rm(path.join(jobDir, file), { force: true })));
      // While the job runs, its end removes the folder; after it, the last acknowledgement does.
      if (!jobs.has(jobId)) await removeIfEmpty(jobDir);
      return mine.length > 0;
    },
    async pending() {
      await cleaned;
      const out: ScanPage[] = [];
      for (const jobId of await readdir(options.spoolDir).catch(() => [] as string[])) {
        if (jobs.has(jobId)) continue;
        const jobDir = path.join(options.spoolDir, jobId);
        for (const file of (await readdir(jobDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort()) {
          try {
            const meta = JSON.parse(await readFile(path.join(jobDir, file), 'utf8')) as PageMeta;
            const data = new Uint8Array(await readFile(path.join(jobDir, file.replace(/\.json$/, `.${extensions[meta.mime]}`))));
            out.push({ ...meta, data });
          } catch {
            // A page whose image is missing was never handed over complete; nothing to recover.
          }
        }
      }
      return out;
    },
    async whenIdle() {
      await Promise.all([...jobs.values()].map((job) => job.done));
    },
  };
}
