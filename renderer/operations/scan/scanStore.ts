import { create } from 'zustand';
import type { DeskError, ScanJobState, ScannerDeviceInfo, ScanSettings, ScanTarget } from '../../../preload/contract';
import { getDatabase } from '../../db/deskHandle';
import { getDesk } from '../../platform/desk';
import { storeScannedPage } from './storeScannedPage';

/** The settings the officer picks for the next job: the contract's scan settings. */
export type ScanSettingsState = ScanSettings;

interface ScanState {
  devices: ScannerDeviceInfo[];
  deviceId: string | undefined;
  settings: ScanSettingsState;
  /** Jobs of this window, newest last. */
  jobs: Record<string, ScanJobState>;
  /** Pages stored per job (counted after they are safely in the database). */
  stored: Record<string, number>;
  error: DeskError | undefined;
  loadDevices(): Promise<void>;
  selectDevice(deviceId: string): void;
  changeSettings(settings: Partial<ScanSettingsState>): void;
  start(target: ScanTarget): Promise<void>;
  /** Hands files the renderer cannot show (TIFF, PDF) to main, whose pages then arrive like scanned ones. */
  importFiles(target: ScanTarget, files: Blob[], names: string[]): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** Remembers a network scanner entered by URL and selects it; false when refused (error set). */
  addNetworkScanner(url: string): Promise<boolean>;
}

/** Scanner choice, settings and the progress of scan jobs; pages themselves go straight to the database. */
export const useScan = create<ScanState>((set, get) => ({
  devices: [],
  deviceId: undefined,
  settings: { source: 'adf', colorMode: 'color', dpi: 200 },
  jobs: {},
  stored: {},
  error: undefined,
  async loadDevices() {
    const reply = await getDesk().scan.listDevices();
    if (!reply.ok) {
      set({ error: reply.error });
      return;
    }
    const current = get().deviceId;
    set({ devices: reply.value, deviceId: reply.value.some((d) => d.id === current) ? current : reply.value[0]?.id, error: undefined });
  },
  selectDevice(deviceId) {
    set({ deviceId });
  },
  changeSettings(settings) {
    set({ settings: { ...get().settings, ...settings } });
  },
  async start(target) {
    const { deviceId, settings } = get();
    if (!deviceId) return;
    const jobId = crypto.randomUUID();
    useScan.setState((state) => ({ jobs: mergeJob(state.jobs, { jobId, target, deviceId, state: 'scanning', pages: 0 }), error: undefined }));
    const reply = await getDesk().scan.start(jobId, deviceId, settings, target);
    if (!reply.ok) {
      const { [jobId]: _dropped, ...rest } = get().jobs;
      set({ jobs: rest, error: reply.error });
    }
  },
  async importFiles(target, files, names) {
    const jobId = crypto.randomUUID();
    useScan.setState((state) => ({ jobs: mergeJob(state.jobs, { jobId, target, deviceId: `file:${jobId}`, state: 'scanning', pages: 0 }), error: undefined }));
    const payload = await Promise.all(files.map(async (file, i) => ({ name: names[i] ?? `tệp ${i + 1}`, data: new Uint8Array(await file.arrayBuffer()) })));
    const reply = await getDesk().scan.importFiles(jobId, payload, target);
    if (!reply.ok) {
      const { [jobId]: _dropped, ...rest } = get().jobs;
      set({ jobs: rest, error: reply.error });
    }
  },
  async cancel(jobId) {
    await getDesk().scan.cancel(jobId);
  },
  async addNetworkScanner(url) {
    const reply = await getDesk().scan.addNetworkScanner(url);
    if (!reply.ok) {
      set({ error: reply.error });
      return false;
    }
    await get().loadDevices();
    set({ deviceId: reply.value.id, error: undefined });
    return true;
  },
}));

/** A job that has ended never goes back to "scanning", whatever order its updates arrive in. */
function mergeJob(jobs: Record<string, ScanJobState>, job: ScanJobState): Record<string, ScanJobState> {
  const known = jobs[job.jobId];
  if (known && known.state !== 'scanning' && job.state === 'scanning') return jobs;
  if (known && known.state === 'scanning' && job.state === 'scanning' && job.pages < known.pages) return jobs;
  return { ...jobs, [job.jobId]: job };
}

let started = false;

/**
 * Listens to the scanner for the whole life of the window: every page is stored in the database
 * as it arrives and only then acknowledged to main, and pages left over from an earlier run
 * (window closed or crashed mid-scan) are taken in at start.
 */
export function startScanReceiver(): void {
  if (started) return;
  started = true;
  const desk = getDesk();
  const db = getDatabase();
  // Pages are stored one after another so their order in the dossier is the scan order.
  let chain = Promise.resolve();
  const take = (page: Parameters<Parameters<typeof desk.scan.onPage>[0]>[0]) => {
    chain = chain
      .then(async () => {
        await storeScannedPage(db, page);
        await desk.scan.acknowledge(page.jobId, page.index);
        useScan.setState((state) => ({ stored: { ...state.stored, [page.jobId]: (state.stored[page.jobId] ?? 0) + 1 } }));
      })
      .catch((error: unknown) => {
        // Not acknowledged: main keeps the page and hands it over again at the next start.
        useScan.setState({ error: { code: 'scan-store-failed', message: 'Không lưu được trang vừa quét; trang vẫn được giữ lại và sẽ được lưu lại khi mở lại ứng dụng.', detail: String(error) } });
      });
  };
  desk.scan.onPage(take);
  desk.scan.onJob((job) => useScan.setState((state) => ({ jobs: mergeJob(state.jobs, job) })));
  void desk.scan.pending().then((reply) => {
    if (reply.ok) for (const page of reply.value) take(page);
  });
}
