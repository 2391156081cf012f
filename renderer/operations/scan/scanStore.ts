import { create } from 'zustand';
import type { DeskError, ScanJobState, ScannerDeviceInfo, ScanSettings, ScanTarget } from '../../../preload/contract';
import type { ScannerBackendInfo, ScannerBackendKind } from '../../../preload/contract/scan';
import { getDatabase } from '../../db/deskHandle';
import { getDesk } from '../../platform/desk';
import { storeScannedPage } from './storeScannedPage';
import { storePendingDraft } from '../dossier/pendingDrafts';

/** Counts listings, so the answers of one started before a refresh are dropped. */
let listing = 0;

/** The settings the officer picks for the next job: the contract's scan settings. */
export type ScanSettingsState = ScanSettings;

interface ScanState {
  /** The devices found so far, in backend order; each backend's appear as soon as it answers. */
  devices: ScannerDeviceInfo[];
  /** Backends still looking for devices (the list shows "Đang tìm máy quét…" while any is). */
  searching: ScannerBackendInfo[];
  /** One line per backend that failed to list, naming it ("SANE: …"). */
  backendErrors: string[];
  /** True once every backend has answered at least once: only then is "no scanner" true. */
  listed: boolean;
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
  searching: [],
  backendErrors: [],
  listed: false,
  deviceId: undefined,
  settings: { source: 'adf', colorMode: 'color', dpi: 200 },
  jobs: {},
  stored: {},
  error: undefined,
  async loadDevices() {
    const run = ++listing;
    const desk = getDesk();
    const reply = await desk.scan.backends();
    if (run !== listing) return;
    if (!reply.ok) {
      set({ error: reply.error, searching: [], listed: true });
      return;
    }
    const backends = reply.value;
    // Until a backend answers again, the devices it listed before stay (a refresh does not blank the list).
    const found = new Map<ScannerBackendKind, ScannerDeviceInfo[]>(backends.map((b) => [b.kind, get().devices.filter((d) => d.driver === b.kind)]));
    const answered = new Set<ScannerBackendKind>();
    const errors = new Map<ScannerBackendKind, string>();
    const publish = () => {
      if (run !== listing) return;
      const devices = backends.flatMap((b) => found.get(b.kind) ?? []);
      const current = get().deviceId;
      set({
        devices,
        deviceId: devices.some((d) => d.id === current) ? current : devices[0]?.id,
        searching: backends.filter((b) => !answered.has(b.kind)),
        backendErrors: backends.flatMap((b) => errors.get(b.kind) ?? []),
        listed: answered.size === backends.length,
      });
    };
    set({ error: undefined });
    publish();
    await Promise.all(
      backends.map(async (backend) => {
        const devices = await desk.scan.listBackendDevices(backend.kind);
        answered.add(backend.kind);
        if (devices.ok) found.set(backend.kind, devices.value);
        else {
          found.set(backend.kind, []);
          errors.set(backend.kind, devices.error.message);
        }
        publish();
      }),
    );
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
    // Paper going through the scanner is content: the draft is stored before the job starts, so
    // pages main hands over again after a crash find their dossier instead of being dropped.
    await storePendingDraft(getDatabase(), target.dossierId);
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
