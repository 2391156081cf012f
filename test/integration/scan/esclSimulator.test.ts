import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScanImageSize } from '../../../preload/shared/image/readScanImageSize';
import { airscanEnvironment } from '../../support/escl/airscanEnvironment';
import { createEsclSimulator, type EsclSimulator, type EsclSimulatorOptions } from '../../support/escl/createEsclSimulator';

const run = promisify(execFile);
let sim: EsclSimulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await createEsclSimulator();
  env = { ...process.env, ...airscanEnvironment(sim.url) };
});
afterAll(() => sim.close());

/** Runs scanimage through sane-airscan against the simulator; never throws, so exit codes can be checked. */
async function scanimage(options: EsclSimulatorOptions, args: string[]) {
  sim.reset(options);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-airscan-out-'));
  const result = await run('scanimage', ['-d', 'airscan:e0:Sim', '--format=png', `--batch=${path.join(dir, 'p%02d.png')}`, ...args], { env, timeout: 120_000 }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
  );
  const files = (await readdir(dir)).sort();
  const pages = await Promise.all(files.map(async (file) => readScanImageSize(new Uint8Array(await readFile(path.join(dir, file))))));
  return { ...result, pages, requests: sim.requests };
}

describe('the eSCL simulator, driven by the independent sane-airscan client', () => {
  it('is listed by sane-airscan and describes its sources, modes and resolutions', async () => {
    sim.reset({});
    const { stdout } = await run('scanimage', ['-d', 'airscan:e0:Sim', '-A'], { env, timeout: 60_000 });
    expect(stdout).toMatch(/--resolution 75\|100\|150\|200\|300\|600dpi/);
    expect(stdout).toMatch(/--mode Color\|Gray/);
    expect(stdout).toMatch(/--source Flatbed\|ADF\|ADF Duplex/);
  });

  it('serves an ADF batch that sane-airscan scans page by page until the feeder is empty', async () => {
    const result = await scanimage({ sheets: 4 }, ['--source=ADF', '--mode=Color', '--resolution=75']);
    expect(result.stderr).toContain('Batch terminated, 4 pages scanned');
    expect(result.pages).toHaveLength(4);
    expect(result.pages[0]).toMatchObject({ format: 'png', width: 637, height: 877 });
    // The job went the whole eSCL way: capabilities, job, NextDocument until 404.
    expect(result.requests.map((r) => `${r.method} ${r.status}`)).toEqual(expect.arrayContaining(['POST 201', 'GET 404']));
    expect(sim.jobs[0]).toMatchObject({ source: 'Feeder', duplex: false, colorMode: 'RGB24', dpi: 75, served: 4 });
  });

  it('serves duplex grey pages with a relative Location header', async () => {
    const result = await scanimage({ sheets: 2, location: 'relative' }, ['--source=ADF Duplex', '--mode=Gray', '--resolution=100']);
    expect(result.stderr).toContain('Batch terminated, 4 pages scanned');
    expect(result.pages).toHaveLength(4);
    expect(sim.jobs[0]).toMatchObject({ duplex: true, colorMode: 'Grayscale8', dpi: 100 });
  });

  it('serves one page from the platen', async () => {
    const result = await scanimage({}, ['--source=Flatbed', '--resolution=75', '--batch-count=1']);
    expect(result.code).toBe(0);
    expect(result.pages).toHaveLength(1);
    expect(sim.jobs[0]).toMatchObject({ source: 'Platen', served: 1 });
  });

  it('rides out a burst of 503 answers, as sane-airscan retries them', async () => {
    const result = await scanimage({ sheets: 3, faults: { busyBeforePage: { 2: 3 } } }, ['--source=ADF', '--resolution=75']);
    expect(result.pages).toHaveLength(3);
    expect(result.requests.filter((r) => r.status === 503)).toHaveLength(3);
  });

  it.each<[string, EsclSimulatorOptions, RegExp, number]>([
    ['an empty feeder', { sheets: 0 }, /Document feeder out of documents/, 0],
    ['a paper jam', { sheets: 5, faults: { jamAtPage: 3 } }, /Document feeder jammed/, 2],
    ['an open feeder door', { sheets: 5, faults: { coverOpen: true } }, /Scanner cover is open/, 0],
    // How AirSane stops a job: the job Aborted (ResourcesAreNotReady), 404, the feeder state told once.
    ['a jam in a stopped job', { sheets: 6, faults: { stopAtPage: { page: 3, answer: 404, jobReasons: ['ResourcesAreNotReady'], adfState: 'ScannerAdfJam', adfStateOnce: true } } }, /Document feeder jammed/, 2],
    ['a feeder door opened mid-job (409)', { sheets: 6, faults: { stopAtPage: { page: 2, answer: 409, jobState: 'Processing', adfState: 'ScannerAdfDoorOpen', scannerState: 'Stopped' } } }, /Scanner cover is open/, 1],
    ['an empty feeder told by a stopped job', { sheets: 6, faults: { stopAtPage: { page: 1, answer: 404, jobReasons: ['ResourcesAreNotReady'], adfState: 'ScannerAdfEmpty' } } }, /Document feeder out of documents/, 0],
    ['a device dying mid-page (Content-Length not reached)', { sheets: 6, faults: { dieAtPage: { page: 3, framing: 'length' } } }, /Error during device I\/O/, 2],
    ['a device dying mid-page (no last chunk)', { sheets: 6, faults: { dieAtPage: { page: 3, framing: 'chunked' } } }, /Error during device I\/O/, 2],
  ])('reports %s the way sane-airscan understands it', async (_name, options, message, pages) => {
    const result = await scanimage(options, ['--source=ADF', '--resolution=75']);
    expect(result.stderr).toMatch(message);
    expect(result.pages).toHaveLength(pages);
  });
});
