import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanJobStateSchema, type ScanJobState, type ScanPage } from '../../../preload/contract';
import { createScanService } from '../../../main/scan/createScanService';
import { createEsclScanner, esclDeviceId, type EsclScannerOptions } from '../../../main/scan/esclScanner';
import type { ScanSettings } from '../../../main/scan/ScannerDriver';
import { createEsclSimulator, type EsclSimulator, type EsclSimulatorExchange, type EsclSimulatorOptions } from '../../support/escl/createEsclSimulator';

let sim: EsclSimulator;
beforeAll(async () => {
  sim = await createEsclSimulator();
});
afterAll(() => sim.close());

const fast: EsclScannerOptions = { retryDelayMs: 10, requestTimeoutMs: 5000 };

/**
 * Runs one job through a fresh scan service (so the device's name is not known beforehand, as in
 * the CLI) with the given simulator behaviour. `acknowledge` stores pages the way the renderer does:
 * each is acknowledged as soon as it has arrived.
 */
async function scanJob(simOptions: EsclSimulatorOptions, settings: Partial<ScanSettings> = {}, driverOptions: EsclScannerOptions = {}, spec: { acknowledge?: boolean; spoolDir?: string } = {}) {
  sim.reset(simOptions);
  const pages: ScanPage[] = [];
  const states: ScanJobState[] = [];
  const acks: Array<Promise<boolean>> = [];
  const spoolDir = spec.spoolDir ?? (await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-')));
  const service = createScanService({
    drivers: [createEsclScanner({ ...fast, urls: [sim.url], ...driverOptions })],
    spoolDir,
    emit: {
      page: (page) => {
        pages.push(page);
        if (spec.acknowledge) acks.push(service.acknowledge(page.jobId, page.index));
      },
      job: (state) => states.push(ScanJobStateSchema.parse(state)),
    },
  });
  const jobId = crypto.randomUUID();
  await service.start(jobId, esclDeviceId(sim.url), { source: 'adf', colorMode: 'color', dpi: 75, ...settings }, { dossierId: 'd1', componentId: 'c1' });
  return {
    service,
    jobId,
    pages,
    states,
    spoolDir,
    final: async () => {
      await service.whenIdle();
      await Promise.all(acks);
      return states.at(-1)!;
    },
  };
}

const ofPath = (suffix: string) => (exchange: EsclSimulatorExchange) => exchange.path.endsWith(suffix);
const steps = () => sim.exchanges.map((e) => `${e.method} ${e.path.replace(/\/ScanJobs\/[^/]+/, '/ScanJobs/{job}').replace('/eSCL', '')} ${e.status ?? (e.reset ? 'reset' : 'open')}`);

describe('eSCL: what a stopped feeder job is reported as', () => {
  it.each<[string, EsclSimulatorOptions, string, string, number]>([
    [
      'an I/O error (job Aborted, ResourcesAreNotReady, then 404), as AirSane reports it',
      { sheets: 6, faults: { stopAtPage: { page: 3, answer: 404, jobReasons: ['ResourcesAreNotReady'], adfState: '' } } },
      'scanner-stopped',
      'Máy quét đã dừng lệnh quét: thiết bị chưa sẵn sàng hoặc gặp lỗi đọc/ghi (máy báo: HTTP 404, Aborted, ResourcesAreNotReady). 2 trang đã quét được giữ lại; hãy xem màn hình của máy quét rồi quét tiếp.',
      2,
    ],
    [
      'a jam told once in the feeder state, the job Aborted, then 404',
      { sheets: 6, faults: { stopAtPage: { page: 4, answer: 404, jobReasons: ['ResourcesAreNotReady'], adfState: 'ScannerAdfJam', adfStateOnce: true } } },
      'scanner-jammed',
      'Máy quét bị kẹt giấy. Hãy gỡ tờ bị kẹt, đặt lại các trang chưa quét rồi quét tiếp.',
      3,
    ],
    [
      'a feeder door opened mid-job (409)',
      { sheets: 6, faults: { stopAtPage: { page: 2, answer: 409, jobState: 'Processing', adfState: 'ScannerAdfDoorOpen', scannerState: 'Stopped' } } },
      'scanner-cover-open',
      'Nắp máy quét đang mở. Hãy đóng nắp rồi quét lại.',
      1,
    ],
    [
      'a mispick (503)',
      { sheets: 6, faults: { stopAtPage: { page: 4, answer: 503, jobState: 'Processing', adfState: 'ScannerAdfMispick' } } },
      'scanner-mispick',
      'Máy quét kéo giấy bị lỗi (không kéo được tờ, hoặc kéo nhiều tờ một lúc). Hãy xếp lại giấy trong khay rồi quét tiếp; các trang đã quét được giữ lại.',
      3,
    ],
    [
      'an overloaded input tray (409)',
      { sheets: 6, faults: { stopAtPage: { page: 2, answer: 409, adfState: 'ScannerAdfInputTrayOverloaded' } } },
      'scanner-feeder-fault',
      'Khay nạp giấy của máy quét báo lỗi: khay nạp giấy quá đầy (ScannerAdfInputTrayOverloaded). 1 trang đã quét được giữ lại; hãy xử lý ở máy quét rồi quét tiếp.',
      1,
    ],
    [
      'a device busy with another client before the first page (409 with a text body)',
      { sheets: 6, faults: { stopAtPage: { page: 1, answer: 409, jobState: 'Processing', otherJob: true, body: 'Device busy' } } },
      'scanner-busy',
      'Máy quét đang bận với một lệnh khác. Hãy đợi giây lát rồi thử lại.',
      0,
    ],
    [
      'a 409 whose XML body is the only explanation',
      { sheets: 6, faults: { stopAtPage: { page: 2, answer: 409, jobState: 'Processing', body: '<?xml version="1.0"?><Error><Code>ScannerIOError</Code></Error>' } } },
      'scanner-stopped',
      'Máy quét đã dừng lệnh quét (máy báo: HTTP 409, ScannerIOError). 1 trang đã quét được giữ lại; hãy xem màn hình của máy quét rồi quét tiếp.',
      1,
    ],
    [
      'a 503 with the job Aborted for ErrorsDetected',
      { sheets: 6, faults: { stopAtPage: { page: 3, answer: 503, jobReasons: ['ErrorsDetected'] } } },
      'scanner-stopped',
      'Máy quét đã dừng lệnh quét: máy quét phát hiện lỗi (máy báo: HTTP 503, Aborted, ErrorsDetected). 2 trang đã quét được giữ lại; hãy xem màn hình của máy quét rồi quét tiếp.',
      2,
    ],
    [
      'a 404 before any page with nothing more said',
      { sheets: 6, faults: { stopAtPage: { page: 1, answer: 404, jobState: 'Processing' } } },
      'scanner-stopped',
      'Máy quét đã dừng lệnh quét (máy báo: HTTP 404). Chưa có trang nào được quét; hãy xem màn hình của máy quét rồi quét tiếp.',
      0,
    ],
    [
      'an empty feeder at the start, AirSane style (503, Aborted, ScannerAdfEmpty told once)',
      { sheets: 6, faults: { stopAtPage: { page: 1, answer: 503, jobReasons: ['ResourcesAreNotReady'], adfState: 'ScannerAdfEmpty', adfStateOnce: true } } },
      'scanner-feeder-empty',
      'Khay nạp giấy đang trống. Hãy đặt tài liệu vào khay rồi quét lại.',
      0,
    ],
  ])('names %s', async (_name, options, code, message, kept) => {
    const job = await scanJob(options);
    const last = await job.final();
    expect(last.error?.code, last.error?.detail).toBe(code);
    expect(last.error?.message).toBe(message);
    expect(last).toMatchObject({ state: 'failed', pages: kept });
    expect(job.pages.map((p) => p.index)).toEqual(Array.from({ length: kept }, (_, i) => i + 1));
    expect((await job.service.pending()).length).toBe(kept);
    // The failed job is still deleted at the device, so it does not stay busy.
    expect(sim.exchanges.at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
  });

  it('takes a cancel at the panel (job Canceled, JobCanceledByUser, 404) as a cancel, not as the end', async () => {
    const job = await scanJob({ sheets: 6, faults: { stopAtPage: { page: 3, answer: 404, jobState: 'Canceled', jobReasons: ['JobCanceledByUser'] } } });
    expect(await job.final()).toMatchObject({ state: 'cancelled', pages: 2, error: { code: 'scanner-cancelled' } });
  });

  it('ends the job well when the feeder runs empty after pages (409 with ScannerAdfEmpty, job Completed)', async () => {
    const job = await scanJob({ sheets: 6, faults: { stopAtPage: { page: 4, answer: 409, jobState: 'Completed', adfState: 'ScannerAdfEmpty' } } });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 3 });
  });
});

describe('eSCL: a page cut short', () => {
  it.each(['length', 'chunked', 'close'] as const)('by a device that dies mid-page (%s framing) is a lost connection, and the pages before it stay', async (framing) => {
    const job = await scanJob({ sheets: 6, faults: { dieAtPage: { page: 3, framing } } }, {}, { maxTransferRetries: 1 });
    const last = await job.final();
    expect(last).toMatchObject({ state: 'failed', pages: 2, error: { code: 'scanner-connection-lost' } });
    expect(last.error?.message).toBe('Mất kết nối với máy quét khi đang nhận trang 3. 2 trang nhận đủ trước đó đã được giữ lại; hãy kiểm tra nguồn điện và mạng của máy quét rồi quét tiếp từ trang 3.');
    // The two whole pages were handed to the renderer before the cut, and stay spooled until stored.
    expect(job.pages.map((p) => p.index)).toEqual([1, 2]);
    expect((await job.service.pending()).map((p) => p.index)).toEqual([1, 2]);
    expect(sim.exchanges.filter((e) => e.cut)).toHaveLength(1);
  });
});

describe('eSCL: the order of requests at the end of a job', () => {
  it('reads the capabilities once, then deletes a finished feeder job after the last page', async () => {
    const job = await scanJob({ sheets: 3 });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 3 });
    expect(steps()).toEqual([
      'GET /ScannerCapabilities 200',
      'POST /ScanJobs 201',
      'GET /ScanJobs/{job}/NextDocument 200',
      'GET /ScanJobs/{job}/NextDocument 200',
      'GET /ScanJobs/{job}/NextDocument 200',
      'GET /ScanJobs/{job}/NextDocument 404',
      // A 404 means the end only when the device lists the job as Completed.
      'GET /ScannerStatus 200',
      'DELETE /ScanJobs/{job} 200',
    ]);
    expect(sim.jobs[0]!.state).toBe('Completed');
  });

  it('deletes a platen job after its page', async () => {
    const job = await scanJob({}, { source: 'platen' });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 1 });
    expect(steps()).toEqual(['GET /ScannerCapabilities 200', 'POST /ScanJobs 201', 'GET /ScanJobs/{job}/NextDocument 200', 'DELETE /ScanJobs/{job} 200']);
  });

  it('asks a device that never answers for its capabilities once per job', async () => {
    const job = await scanJob({ faults: { silentCapabilities: true } }, {}, { requestTimeoutMs: 300 });
    expect(await job.final()).toMatchObject({ state: 'failed', pages: 0, error: { code: 'scanner-offline' } });
    expect(sim.exchanges.filter(ofPath('/ScannerCapabilities'))).toHaveLength(1);
    expect(sim.exchanges.filter(ofPath('/ScanJobs'))).toHaveLength(0);
  });

  it('on cancel, lets the open NextDocument finish before it sends DELETE', async () => {
    const job = await scanJob({ sheets: 10, faults: { holdAtPage: 3 } }, {}, { cancelGraceMs: 120_000 });
    await sim.held();
    const cancelled = job.service.cancel(job.jobId);
    // The device finishes the page it was scanning a moment later; only then may the job be deleted.
    // (A driver that sent DELETE at once would have it arrive while the page is still held.)
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.exchanges.filter((e) => e.method === 'DELETE')).toHaveLength(0);
    sim.release();
    expect(await cancelled).toBe(true);
    expect(job.states.at(-1)).toMatchObject({ state: 'cancelled', error: { code: 'scanner-cancelled' } });
    const remove = sim.exchanges.filter((e) => e.method === 'DELETE');
    expect(remove).toHaveLength(1);
    const pagesAsked = sim.exchanges.filter(ofPath('/NextDocument'));
    expect(pagesAsked.length).toBeGreaterThanOrEqual(3);
    for (const exchange of pagesAsked) {
      expect(exchange.reset).toBe(false);
      expect(exchange.closed).toBeLessThan(remove[0]!.opened);
    }
    expect(sim.exchanges.some((e) => e.reset)).toBe(false);
    expect(sim.jobs[0]!.state).toBe('Canceled');
  });

  it('on cancel, closes a NextDocument that does not finish in time, and sends DELETE only once it is closed', async () => {
    const job = await scanJob({ sheets: 10, faults: { holdAtPage: 3 } }, {}, { cancelGraceMs: 50 });
    await sim.held();
    expect(await job.service.cancel(job.jobId)).toBe(true);
    const remove = sim.exchanges.filter((e) => e.method === 'DELETE');
    expect(remove).toHaveLength(1);
    const held = sim.exchanges.filter(ofPath('/NextDocument')).at(-1)!;
    expect(held).toMatchObject({ reset: true, cut: false });
    expect(held.closed).toBeLessThan(remove[0]!.opened);
    expect(job.pages.map((p) => p.index)).toEqual([1, 2]);
    expect(sim.jobs[0]!.state).toBe('Canceled');
    sim.release();
  });
});

describe('eSCL: a resolution the device lacks', () => {
  it('is raised to the next one offered, and the job says so before the first page', async () => {
    const job = await scanJob({ sheets: 2, resolutions: [100, 200, 300, 600] }, { dpi: 250 });
    const last = await job.final();
    const notice = { code: 'scanner-resolution-changed', message: 'Máy quét không hỗ trợ 250 dpi, dùng 300 dpi', requestedDpi: 250, usedDpi: 300 };
    expect(last).toMatchObject({ state: 'completed', pages: 2, notices: [notice] });
    expect(job.states.find((s) => s.notices)).toMatchObject({ state: 'scanning', pages: 0, notices: [notice] });
    expect(job.pages.map((p) => p.dpi)).toEqual([300, 300]);
    expect(sim.jobs[0]!.dpi).toBe(300);
  });

  it('is lowered only to the highest offered, said as such, never below 200 dpi', async () => {
    const lowered = await scanJob({ sheets: 1, resolutions: [100, 150, 200, 300] }, { dpi: 600 });
    expect(await lowered.final()).toMatchObject({ state: 'completed', notices: [{ message: 'Máy quét không hỗ trợ 600 dpi, dùng 300 dpi (mức cao nhất của máy)', usedDpi: 300 }] });
    const refused = await scanJob({ sheets: 1, resolutions: [75, 100, 150] }, { dpi: 200 });
    expect(await refused.final()).toMatchObject({ state: 'failed', error: { code: 'scanner-unsupported', message: 'Máy quét không quét được 200 dpi: cao nhất chỉ 150 dpi, dưới mức tối thiểu 200 dpi của bản số hóa.' } });
    expect(sim.exchanges.filter(ofPath('/ScanJobs'))).toHaveLength(0);
  });

  it('brings no notice when the device has the one asked for', async () => {
    const job = await scanJob({ sheets: 1 }, { dpi: 300 });
    const last = await job.final();
    expect(last.state).toBe('completed');
    expect(job.states.every((s) => s.notices === undefined)).toBe(true);
  });
});

describe('eSCL: the scan spool', () => {
  it('keeps no folder once the pages of a job are acknowledged while it runs', async () => {
    const job = await scanJob({ sheets: 4 }, {}, {}, { acknowledge: true });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 4 });
    expect(await readdir(job.spoolDir)).toEqual([]);
  });

  it('keeps no folder for a job that brought no page', async () => {
    const job = await scanJob({ sheets: 0 });
    expect(await job.final()).toMatchObject({ state: 'failed', error: { code: 'scanner-feeder-empty' } });
    expect(await readdir(job.spoolDir)).toEqual([]);
  });

  it('removes the folder with the last acknowledgement after the job has ended', async () => {
    const job = await scanJob({ sheets: 2 });
    await job.final();
    expect(await readdir(job.spoolDir)).toEqual([job.jobId]);
    expect(await job.service.acknowledge(job.jobId, 1)).toBe(true);
    expect(await readdir(job.spoolDir)).toEqual([job.jobId]);
    expect(await job.service.acknowledge(job.jobId, 2)).toBe(true);
    expect(await readdir(job.spoolDir)).toEqual([]);
  });

  it('clears empty and never-completed leftovers at start, and keeps pages still to be stored', async () => {
    const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-'));
    // An earlier run: one job whose pages were all stored, one that died while writing a page,
    // and one whose page was not acknowledged yet.
    await mkdir(path.join(spoolDir, 'done-job'));
    await mkdir(path.join(spoolDir, 'torn-job'));
    await writeFile(path.join(spoolDir, 'torn-job', '00001.png'), 'half a page');
    await writeFile(path.join(spoolDir, 'torn-job', '00001.json.tmp'), '{');
    const first = await scanJob({ sheets: 1 }, {}, {}, { spoolDir });
    await first.final();
    const kept = first.jobId;
    const service = createScanService({ drivers: [], spoolDir, emit: { page: () => {}, job: () => {} } });
    expect((await service.pending()).map((p) => [p.jobId, p.index])).toEqual([[kept, 1]]);
    expect((await readdir(spoolDir)).sort()).toEqual([kept]);
  });
});
