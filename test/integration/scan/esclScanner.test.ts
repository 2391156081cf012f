import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanJobState, ScanPage } from '../../../preload/contract';
import { createScanService } from '../../../main/scan/createScanService';
import { createServices } from '../../../main/services/createServices';
import { createEsclScanner, esclDeviceId, type EsclScannerOptions } from '../../../main/scan/esclScanner';
import type { ScanSettings } from '../../../main/scan/ScannerDriver';
import { readScanImageSize } from '../../../preload/shared/image/readScanImageSize';
import { createEsclSimulator, type EsclSimulator, type EsclSimulatorOptions } from '../../support/escl/createEsclSimulator';

let sim: EsclSimulator;
beforeAll(async () => {
  sim = await createEsclSimulator();
});
afterAll(() => sim.close());

const fast: EsclScannerOptions = { retryDelayMs: 10, requestTimeoutMs: 5000 };

/** Runs one job through the scan service (spool included) and waits for it to end. */
async function scanJob(simOptions: EsclSimulatorOptions, settings: Partial<ScanSettings> = {}, driverOptions: EsclScannerOptions = {}, url = sim.url) {
  sim.reset(simOptions);
  const pages: ScanPage[] = [];
  const states: ScanJobState[] = [];
  const service = createScanService({
    drivers: [createEsclScanner({ ...fast, urls: [url], ...driverOptions })],
    spoolDir: await mkdtemp(path.join(os.tmpdir(), 'motcua-spool-')),
    emit: { page: (page) => pages.push(page), job: (state) => states.push(state) },
  });
  const jobId = crypto.randomUUID();
  await service.start(jobId, esclDeviceId(url), { source: 'adf', colorMode: 'color', dpi: 75, ...settings }, { dossierId: 'd1', componentId: 'c1' });
  return { service, jobId, pages, states, final: async () => (await service.whenIdle(), states.at(-1)!) };
}

describe('eSCL driver against the eSCL simulator', () => {
  it('lists a scanner entered by URL under its model name and reads its capabilities', async () => {
    sim.reset({ makeAndModel: 'Máy quét tầng 1', duplex: false, resolutions: [100, 200, 300] });
    const driver = createEsclScanner({ ...fast, urls: [`${sim.url}/`, 'not a url'] });
    expect(await driver.listDevices()).toEqual([{ id: `escl:${sim.url}`, name: 'Máy quét tầng 1', driver: 'escl', training: false }]);
    expect(await driver.capabilities(`escl:${sim.url}`)).toEqual({ sources: ['platen', 'adf'], colorModes: ['color', 'gray', 'bw'], resolutions: [100, 200, 300] });
  });

  it('streams an ADF batch at the snapped resolution, following a relative Location', async () => {
    const job = await scanJob({ sheets: 6, location: 'relative', resolutions: [100, 200, 300] }, { dpi: 190 });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 6 });
    expect(job.pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const page of job.pages) {
      expect(page).toMatchObject({ mime: 'image/png', dpi: 200, colorMode: 'color', width: 1653, height: 2339, target: { dossierId: 'd1', componentId: 'c1' } });
      expect(readScanImageSize(page.data)).toMatchObject({ width: 1653, height: 2339, dpi: 200 });
    }
    expect(new Set(job.pages.map((p) => Buffer.from(p.data).toString('base64'))).size).toBe(6);
    expect(sim.jobs[0]).toMatchObject({ source: 'Feeder', duplex: false, dpi: 200, colorMode: 'RGB24', width: 1653, height: 2339 });
    expect((await job.service.pending()).length).toBe(6);
  });

  it('scans both sides in duplex, grey', async () => {
    const job = await scanJob({ sheets: 3 }, { source: 'adf-duplex', colorMode: 'gray' });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 6 });
    expect(sim.jobs[0]).toMatchObject({ duplex: true, colorMode: 'Grayscale8' });
  });

  it('asks for the next page while the desk is still handling the one it has', async () => {
    sim.reset({ sheets: 4 });
    const driver = createEsclScanner({ ...fast, urls: [sim.url] });
    const answered = () => sim.requests.filter((r) => r.path.endsWith('/NextDocument') && r.status === 200).length;
    const seen: number[] = [];
    for await (const page of driver.scan(esclDeviceId(sim.url), { source: 'adf', colorMode: 'color', dpi: 75 }, new AbortController().signal)) {
      // A desk slower than the device: by the end of this page the device has sent the next one.
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.push(answered() - page.index);
    }
    expect(seen).toEqual([1, 1, 1, 0]);
  });

  it('takes one page from the platen without asking for another', async () => {
    const job = await scanJob({}, { source: 'platen' });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 1 });
    expect(sim.requests.filter((r) => r.path.endsWith('/NextDocument'))).toHaveLength(1);
  });

  it('retries 503 bursts, empty bodies and a dropped connection, and loses or repeats no page', async () => {
    const job = await scanJob({ sheets: 5, faults: { busyAtPost: 2, busyBeforePage: { 1: 4, 3: 6 }, emptyBodyBeforePage: { 2: 2 }, dropDuringPage: { 4: 1 } } });
    expect(await job.final()).toMatchObject({ state: 'completed', pages: 5 });
    expect(job.pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5]);
    expect(sim.requests.filter((r) => r.status === 503)).toHaveLength(12);
    expect(sim.requests.filter((r) => r.status === -1)).toHaveLength(1);
  });

  it('reports a lost connection when the connection keeps dropping mid-image, keeping the pages received', async () => {
    const job = await scanJob({ sheets: 5, faults: { dropDuringPage: { 3: 99 } } }, {}, { maxTransferRetries: 2 });
    const last = await job.final();
    expect(last).toMatchObject({ state: 'failed', pages: 2, error: { code: 'scanner-connection-lost' } });
    expect(last.error?.message).toBe('Mất kết nối với máy quét khi đang nhận trang 3. 2 trang nhận đủ trước đó đã được giữ lại; hãy kiểm tra nguồn điện và mạng của máy quét rồi quét tiếp từ trang 3.');
    expect((await job.service.pending()).map((p) => p.index)).toEqual([1, 2]);
    expect(sim.requests.filter((r) => r.status === -1)).toHaveLength(3);
    // The job is removed from the scanner so it does not stay busy.
    expect(sim.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
  });

  it.each([
    ['jam', { sheets: 6, faults: { jamAtPage: 4 } }, 'scanner-jammed', 'kẹt giấy', 3],
    ['cover open', { sheets: 6, faults: { coverOpen: true } }, 'scanner-cover-open', 'Nắp máy quét đang mở', 0],
    ['empty feeder', { sheets: 0 }, 'scanner-feeder-empty', 'Khay nạp giấy đang trống', 0],
    ['cancelled on the panel', { sheets: 6, faults: { cancelAtPage: 3 } }, 'scanner-cancelled', 'Đã hủy lượt quét', 2],
    ['malformed capabilities', { faults: { malformedCapabilities: true } }, 'scanner-bad-response', 'dữ liệu không hợp lệ', 0],
    ['a truncated image', { sheets: 4, faults: { corruptPage: 2 } }, 'scanner-bad-response', 'dữ liệu không hợp lệ', 1],
  ] as const)('turns a %s into a typed Vietnamese error and keeps the pages already scanned', async (_name, options, code, message, kept) => {
    const job = await scanJob(options);
    const last = await job.final();
    expect(last.state).toBe(code === 'scanner-cancelled' ? 'cancelled' : 'failed');
    expect(last.error?.code, last.error?.detail).toBe(code);
    expect(last.error?.message).toContain(message);
    expect(last.pages).toBe(kept);
    expect((await job.service.pending()).length).toBe(kept);
  });

  it('gives up on a scanner that stays busy, with a malformed status, as busy', async () => {
    const job = await scanJob({ sheets: 3, faults: { busyBeforePage: { 2: 99 }, malformedStatus: true } }, {}, { maxBusyRetries: 5 });
    expect(await job.final()).toMatchObject({ state: 'failed', pages: 1, error: { code: 'scanner-busy' } });
  });

  it('cancels a running job with DELETE and keeps the pages delivered', async () => {
    const job = await scanJob({ sheets: 20, pageDelayMs: 150 });
    await expect.poll(() => job.pages.length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    expect(await job.service.cancel(job.jobId)).toBe(true);
    const last = job.states.at(-1)!;
    expect(last).toMatchObject({ state: 'cancelled', error: { code: 'scanner-cancelled' } });
    expect(job.pages.length).toBeLessThan(20);
    expect((await job.service.pending()).length).toBe(job.pages.length);
    expect(sim.requests.some((r) => r.method === 'DELETE')).toBe(true);
    expect(sim.jobs[0]!.state).toBe('Canceled');
  });

  it('reports a page that never comes as offline once the page timeout has passed every retry', async () => {
    const job = await scanJob({ sheets: 2, pageDelayMs: 1500 }, {}, { pageTimeoutMs: 200, maxTransferRetries: 1 });
    expect(await job.final()).toMatchObject({ state: 'failed', pages: 0, error: { code: 'scanner-offline' } });
  });

  it('reports a scanner nobody answers at as offline', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${closed}/eSCL`;
    const job = await scanJob({}, {}, {}, url);
    expect(await job.final()).toMatchObject({ state: 'failed', pages: 0, error: { code: 'scanner-offline' } });
    const driver = createEsclScanner({ ...fast, urls: [url] });
    expect((await driver.listDevices()).map((d) => d.name)).toEqual([`127.0.0.1:${closed}`]);
  });

  it('is registered in the service registry with the URLs of escl-scanners.json in the data folder', async () => {
    sim.reset({ makeAndModel: 'Máy quét phòng một cửa' });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-data-'));
    const build = () => createServices({ dataDir, version: '0.0.0', mode: 'production', host: 'test-host', sink: () => {}, scanners: { sane: false } });
    expect(await build().scan.listDevices()).toEqual([]);
    await writeFile(path.join(dataDir, 'escl-scanners.json'), JSON.stringify({ urls: [sim.url] }));
    expect(await build().scan.listDevices()).toEqual([{ id: `escl:${sim.url}`, name: 'Máy quét phòng một cửa', driver: 'escl', training: false }]);
    // A damaged settings file lists nothing instead of failing, and is left as it was.
    await writeFile(path.join(dataDir, 'escl-scanners.json'), '{"urls": [');
    expect(await build().scan.listDevices()).toEqual([]);
  });

  it('remembers a scanner added by address, once, and never overwrites a damaged settings file', async () => {
    sim.reset({ makeAndModel: 'Máy quét thêm tay' });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-data-'));
    const file = path.join(dataDir, 'escl-scanners.json');
    const services = createServices({ dataDir, version: '0.0.0', mode: 'production', host: 'test-host', sink: () => {}, scanners: { sane: false } });
    expect(await services.scan.addNetworkScanner(`${sim.url}/`)).toEqual({ id: `escl:${sim.url}`, name: 'Máy quét thêm tay', driver: 'escl', training: false });
    await services.scan.addNetworkScanner(sim.url);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ urls: [sim.url] });
    await writeFile(file, '{"urls": [');
    await expect(services.scan.addNetworkScanner('http://192.0.2.9/eSCL')).rejects.toMatchObject({ code: 'scanner-settings-damaged' });
    expect(await readFile(file, 'utf8')).toBe('{"urls": [');
  });
});
