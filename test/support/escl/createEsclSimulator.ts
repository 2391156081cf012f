import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { encodePng } from '../../../main/scan/encodePng';

/** Faults the simulated scanner can be told to produce; page numbers are 1-based within a job. */
export interface EsclSimulatorFaults {
  /** Answer NextDocument with 503 this many times before serving the page. */
  busyBeforePage?: Record<number, number>;
  /** Answer NextDocument with 200 and no body this many times before serving the page. */
  emptyBodyBeforePage?: Record<number, number>;
  /** Cut the connection half-way through the image this many times; the page is served again after. */
  dropDuringPage?: Record<number, number>;
  /** The feeder jams when this page is asked for: 503 from then on, ScannerAdfJam in the status. */
  jamAtPage?: number;
  /** The feeder door is open: ScanJobs answers 503 and the status says ScannerAdfDoorOpen. */
  coverOpen?: boolean;
  /** ScanJobs answers 503 this many times before it accepts a job. */
  busyAtPost?: number;
  /** The job is cancelled on the device's panel when this page is asked for (410 Gone). */
  cancelAtPage?: number;
  /** Serve this page as a truncated PNG. */
  corruptPage?: number;
  malformedCapabilities?: boolean;
  malformedStatus?: boolean;
  /** The device stops the job when this page is asked for, and says so the way it is told to. */
  stopAtPage?: EsclSimulatorStop;
  /**
   * The device dies while sending this page: half the image goes out with the given framing (a
   * Content-Length, chunks without the last one, or neither), then the connection is closed and
   * every later connection is closed at once, until `reset`.
   */
  dieAtPage?: { page: number; framing: 'length' | 'chunked' | 'close' };
  /** ScannerCapabilities is never answered (a device that accepts connections and hangs). */
  silentCapabilities?: boolean;
  /** NextDocument for this page is held open, unanswered, until `release()` (a page still being scanned). */
  holdAtPage?: number;
}

/** How a device that stops a job presents it: the NextDocument answer, and what ScannerStatus says. */
export interface EsclSimulatorStop {
  page: number;
  /** NextDocument's answer from then on. */
  answer: 404 | 409 | 503;
  /** Its body (text or XML), none by default. */
  body?: string;
  /** The job's JobState from then on; Aborted by default. */
  jobState?: 'Aborted' | 'Canceled' | 'Completed' | 'Processing';
  /** JobStateReasons listed with the job. */
  jobReasons?: string[];
  /** AdfState from then on (the usual one by default). */
  adfState?: string;
  /** AdfState is told on the first ScannerStatus after the stop only, as AirSane reports feeder errors. */
  adfStateOnce?: boolean;
  /** pwg:State from then on (the usual one by default). */
  scannerState?: 'Idle' | 'Processing' | 'Stopped' | 'Down';
  /** pwg:StateReasons from then on. */
  stateReasons?: string[];
  /** Another client's job is running on the device from then on (the device is busy, not empty). */
  otherJob?: boolean;
}

/** One HTTP exchange as the simulated device saw it, in arrival order. */
export interface EsclSimulatorExchange {
  method: string;
  path: string;
  /** Sequence numbers (one counter for every opening and closing), so the order of events can be compared. */
  opened: number;
  closed?: number;
  status?: number;
  /** The client closed the connection before the answer was complete. */
  reset: boolean;
  /** The simulator cut the answer short on purpose (a drop or a dying device). */
  cut: boolean;
}

export interface EsclSimulatorOptions {
  makeAndModel?: string;
  /** Sheets in the feeder at the start of every job; a duplex job gives two pages a sheet. */
  sheets?: number;
  platen?: boolean;
  adf?: boolean;
  duplex?: boolean;
  resolutions?: number[];
  /** Document formats offered; the simulator encodes PNG, so PNG must be among them. */
  formats?: string[];
  /** How the ScanJobs Location header names the job. */
  location?: 'absolute' | 'relative';
  /** Time the simulated device takes to scan a page. */
  pageDelayMs?: number;
  /** Draw only this many different pages and cycle them (benchmarks: the device, not the art, is measured). */
  distinctPages?: number;
  faults?: EsclSimulatorFaults;
}

export interface EsclSimulatorJob {
  id: string;
  source: 'Platen' | 'Feeder';
  duplex: boolean;
  colorMode: string;
  dpi: number;
  /** Pixels, from the requested region at the requested resolution. */
  width: number;
  height: number;
  format: string;
  total: number;
  served: number;
  /** The images served whole, in order: what the device sent, to compare with what the desk kept. */
  images: Uint8Array[];
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  /** JobStateReasons, none unless a fault sets them. */
  reasons: string[];
  counters: { busy: number; empty: number; drop: number };
}

export interface EsclSimulator {
  /** The eSCL root, e.g. http://127.0.0.1:40123/eSCL */
  url: string;
  port: number;
  options: EsclSimulatorOptions;
  jobs: EsclSimulatorJob[];
  requests: Array<{ method: string; path: string; status: number }>;
  /** Every exchange with its opening and closing order and whether a connection was reset. */
  exchanges: EsclSimulatorExchange[];
  /** Answers the NextDocument request held by `holdAtPage`, now or as soon as it arrives. */
  release(): void;
  /** Settles once a NextDocument request is being held by `holdAtPage`. */
  held(): Promise<void>;
  /** New options; forgets jobs, requests and a jam, as if the device was power-cycled. */
  reset(options?: EsclSimulatorOptions): void;
  close(): Promise<void>;
}

const NS = 'xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm"';
const settingsParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

function inputCaps(name: string, options: Required<Pick<EsclSimulatorOptions, 'resolutions' | 'formats'>>): string {
  const resolutions = options.resolutions.map((dpi) => `<scan:DiscreteResolution><scan:XResolution>${dpi}</scan:XResolution><scan:YResolution>${dpi}</scan:YResolution></scan:DiscreteResolution>`).join('');
  const formats = options.formats.map((f) => `<pwg:DocumentFormat>${f}</pwg:DocumentFormat><scan:DocumentFormatExt>${f}</scan:DocumentFormatExt>`).join('');
  return `<scan:${name}>
      <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
      <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
      <scan:MaxScanRegions>1</scan:MaxScanRegions>
      <scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>BlackAndWhite1</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats>${formats}</scan:DocumentFormats>
        <scan:SupportedResolutions><scan:DiscreteResolutions>${resolutions}</scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile></scan:SettingProfiles>
      <scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>TextAndGraphic</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents>
    </scan:${name}>`;
}

function capabilitiesXml(options: EsclSimulatorOptions): string {
  const caps = { resolutions: options.resolutions ?? [75, 100, 150, 200, 300, 600], formats: options.formats ?? ['image/png'] };
  const platen = options.platen === false ? '' : `<scan:Platen>${inputCaps('PlatenInputCaps', caps)}</scan:Platen>`;
  const adf =
    options.adf === false
      ? ''
      : `<scan:Adf>${inputCaps('AdfSimplexInputCaps', caps)}${options.duplex === false ? '' : inputCaps('AdfDuplexInputCaps', caps)}
    <scan:FeederCapacity>50</scan:FeederCapacity>
    <scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption>${options.duplex === false ? '' : '<scan:AdfOption>Duplex</scan:AdfOption>'}</scan:AdfOptions>
  </scan:Adf>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities ${NS}>
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>${options.makeAndModel ?? 'Một Cửa eSCL Simulator'}</pwg:MakeAndModel>
  <pwg:SerialNumber>SIM0001</pwg:SerialNumber>
  <scan:UUID>4509a320-00a0-008f-00b6-002507510eca</scan:UUID>
  ${platen}
  ${adf}
</scan:ScannerCapabilities>
`;
}

/** Simple page art: margins, text-like bars, and the page number as a row of blocks. */
function drawPage(job: EsclSimulatorJob, page: number): Uint8Array {
  const { width, height } = job;
  const rgb = new Uint8Array(width * height * 3).fill(0xff);
  const unit = Math.max(1, Math.round(job.dpi / 25.4));
  const rect = (x: number, y: number, w: number, h: number, r: number, g: number, b: number) => {
    for (let yy = Math.max(0, y); yy < Math.min(height, y + h); yy += 1) {
      for (let xx = Math.max(0, x); xx < Math.min(width, x + w); xx += 1) {
        const i = (yy * width + xx) * 3;
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
      }
    }
  };
  for (let line = 0; line < 30; line += 1) rect(20 * unit, (40 + line * 7) * unit, (120 + ((line * 37 + page * 11) % 50)) * unit, 3 * unit, 20, 20, 20);
  for (let i = 0; i < Math.min(page, 40); i += 1) rect((20 + i * 4) * unit, 20 * unit, 3 * unit, 3 * unit, 200, 30, 30);
  if (job.colorMode !== 'RGB24') {
    for (let i = 0; i < rgb.length; i += 3) {
      let v = Math.round(0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!);
      if (job.colorMode === 'BlackAndWhite1') v = v < 128 ? 0 : 255;
      rgb[i] = rgb[i + 1] = rgb[i + 2] = v;
    }
  }
  return encodePng(width, height, rgb, job.dpi);
}

function statusXml(options: EsclSimulatorOptions, jobs: EsclSimulatorJob[], jammed: boolean, base: string, stop: { adfState?: string; scannerState?: string; stateReasons?: string[] } | undefined): string {
  const active = jobs.some((job) => job.state === 'Processing');
  const adf = stop?.adfState ?? (options.faults?.coverOpen ? 'ScannerAdfDoorOpen' : jammed ? 'ScannerAdfJam' : (options.sheets ?? 5) > 0 ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty');
  const reasons = (list: string[], outer: string, inner: string) => (list.length > 0 ? `<pwg:${outer}>${list.map((r) => `<pwg:${inner}>${r}</pwg:${inner}>`).join('')}</pwg:${outer}>` : '');
  const infos = jobs
    .map((job) => `<scan:JobInfo><pwg:JobUri>${base}/ScanJobs/${job.id}</pwg:JobUri><pwg:JobUuid>${job.id}</pwg:JobUuid><pwg:JobState>${job.state}</pwg:JobState>${reasons(job.reasons, 'JobStateReasons', 'JobStateReason')}<pwg:ImagesCompleted>${job.served}</pwg:ImagesCompleted><pwg:ImagesToTransfer>${Math.max(0, job.total - job.served)}</pwg:ImagesToTransfer></scan:JobInfo>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus ${NS}>
  <pwg:Version>2.63</pwg:Version>
  <pwg:State>${stop?.scannerState ?? (jammed || options.faults?.coverOpen ? 'Stopped' : active ? 'Processing' : 'Idle')}</pwg:State>${reasons(stop?.stateReasons ?? [], 'StateReasons', 'StateReason')}
  <scan:AdfState>${adf}</scan:AdfState>
  <scan:Jobs>${infos}</scan:Jobs>
</scan:ScannerStatus>
`;
}

/** A promise with its resolve function. */
function latch(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A network scanner speaking eSCL over real HTTP on 127.0.0.1, for tests: capabilities, status,
 * ScanJobs, NextDocument and DELETE as the eSCL 2.x specification and real devices behave, with a
 * feeder of configurable size and injectable faults. The sane-airscan client drives it in
 * test/integration/scan/esclSimulator.test.ts, which is what keeps it faithful.
 */
export async function createEsclSimulator(initial: EsclSimulatorOptions = {}): Promise<EsclSimulator> {
  let jammed = false;
  /** Set once a job was stopped by `stopAtPage`: what ScannerStatus says from then on. */
  let stopped: { adfState?: string; scannerState?: string; stateReasons?: string[]; adfOnce: boolean } | undefined;
  /** Set once the device died (`dieAtPage`): every connection is closed at once. */
  let dead = false;
  let sequence = 0;
  let hold = latch();
  let holding = latch();
  const sim: EsclSimulator = {
    url: '',
    port: 0,
    options: initial,
    jobs: [],
    requests: [],
    exchanges: [],
    release: () => hold.resolve(),
    held: () => holding.promise,
    reset(options = {}) {
      hold.resolve();
      hold = latch();
      holding = latch();
      sim.options = options;
      sim.jobs = [];
      sim.requests = [];
      sim.exchanges = [];
      jammed = false;
      stopped = undefined;
      dead = false;
    },
    close: async () => {},
  };
  const pageCache = new Map<string, Uint8Array>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const options = sim.options;
      const faults = options.faults ?? {};
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const exchange: EsclSimulatorExchange = { method: req.method ?? 'GET', path, opened: (sequence += 1), reset: false, cut: false };
      if (path !== '/__sim/reset') sim.exchanges.push(exchange);
      res.on('finish', () => {
        exchange.closed ??= sequence += 1;
        exchange.status = res.statusCode;
      });
      res.on('close', () => {
        if (exchange.closed !== undefined) return;
        exchange.closed = sequence += 1;
        if (!exchange.cut) exchange.reset = true;
      });
      const send = (status: number, body?: string | Uint8Array, type = 'text/xml') => {
        sim.requests.push({ method: req.method ?? 'GET', path, status });
        const bytes = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
        res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.length) });
        res.end(bytes);
      };
      const jobMatch = /^\/eSCL\/ScanJobs\/([A-Za-z0-9-]+)(\/NextDocument)?\/?$/.exec(path);
      const job = jobMatch ? sim.jobs.find((j) => j.id === jobMatch[1]) : undefined;

      if (req.method === 'POST' && path === '/__sim/reset') {
        // Control channel for a simulator run in another process (benchmarks); not part of eSCL.
        sim.reset(JSON.parse((await readBody(req)) || '{}') as EsclSimulatorOptions);
        res.writeHead(204);
        res.end();
      } else if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities') {
        if (faults.silentCapabilities) return;
        send(200, faults.malformedCapabilities ? capabilitiesXml(options).replace('</scan:Platen>', '</scan:Platten>') : capabilitiesXml(options));
      } else if (req.method === 'GET' && path === '/eSCL/ScannerStatus') {
        const stop = stopped && { ...stopped };
        // AirSane tells a feeder error once, then reports the feeder as loaded again.
        if (stopped?.adfOnce) stopped = { ...stopped, adfState: 'ScannerAdfLoaded', adfOnce: false };
        send(200, faults.malformedStatus ? '<?xml version="1.0"?><scan:ScannerStatus><pwg:State>Idle' : statusXml(options, sim.jobs, jammed, sim.url, stop));
      } else if (req.method === 'POST' && path === '/eSCL/ScanJobs') {
        const body = await readBody(req);
        if (faults.coverOpen) return send(503);
        if (jammed) return send(503);
        const posts = sim.requests.filter((r) => r.method === 'POST').length;
        if (faults.busyAtPost && posts < faults.busyAtPost) return send(503);
        let settings: Record<string, unknown>;
        try {
          settings = (settingsParser.parse(body) as { ScanSettings?: Record<string, unknown> }).ScanSettings ?? {};
        } catch {
          return send(400);
        }
        const text = (name: string) => (typeof settings[name] === 'string' ? (settings[name] as string) : undefined);
        const region = ((settings.ScanRegions as Record<string, unknown> | undefined)?.ScanRegion ?? {}) as Record<string, string>;
        const source = text('InputSource') === 'Feeder' ? 'Feeder' : 'Platen';
        const dpi = Number(text('XResolution') ?? 300);
        const format = text('DocumentFormatExt') ?? text('DocumentFormat') ?? 'image/png';
        const resolutions = options.resolutions ?? [75, 100, 150, 200, 300, 600];
        if (!resolutions.includes(dpi) || format !== 'image/png' || (source === 'Feeder' && options.adf === false) || (source === 'Platen' && options.platen === false)) return send(409);
        const duplex = source === 'Feeder' && text('Duplex') === 'true';
        const sheets = options.sheets ?? 5;
        const newJob: EsclSimulatorJob = {
          id: randomUUID(),
          source,
          duplex,
          colorMode: text('ColorMode') ?? 'RGB24',
          dpi,
          width: Math.max(1, Math.round((Number(region.Width ?? 2480) * dpi) / 300)),
          height: Math.max(1, Math.round((Number(region.Height ?? 3508) * dpi) / 300)),
          format,
          total: source === 'Platen' ? 1 : duplex ? sheets * 2 : sheets,
          served: 0,
          images: [],
          state: 'Processing',
          reasons: [],
          counters: { busy: 0, empty: 0, drop: 0 },
        };
        sim.jobs.push(newJob);
        const location = options.location === 'relative' ? `/eSCL/ScanJobs/${newJob.id}` : `${sim.url}/ScanJobs/${newJob.id}`;
        sim.requests.push({ method: 'POST', path, status: 201 });
        res.writeHead(201, { Location: location, 'Content-Length': '0' });
        res.end();
      } else if (req.method === 'GET' && jobMatch?.[2]) {
        if (!job) return send(404);
        const page = job.served + 1;
        // A stopped job keeps answering the way the device stops (AirSane: 404 or 503, never 410).
        const stop = faults.stopAtPage;
        if (stop && page >= stop.page) {
          if (job.state === 'Processing' && stop.jobState !== 'Processing') job.state = stop.jobState ?? 'Aborted';
          job.reasons = stop.jobReasons ?? [];
          if (stop.otherJob && !sim.jobs.some((other) => other.id === 'other-client')) {
            sim.jobs.push({ ...job, id: 'other-client', state: 'Processing', reasons: ['JobScanning'], served: 0 });
          }
          if (!stopped) stopped = { ...(stop.adfState !== undefined ? { adfState: stop.adfState } : {}), ...(stop.scannerState ? { scannerState: stop.scannerState } : {}), ...(stop.stateReasons ? { stateReasons: stop.stateReasons } : {}), adfOnce: stop.adfStateOnce === true };
          return send(stop.answer, stop.body);
        }
        if (job.state === 'Canceled' || job.state === 'Aborted') return send(410);
        if (job.served >= job.total) {
          job.state = 'Completed';
          return send(job.source === 'Feeder' && job.total === 0 ? 409 : 404);
        }
        if (faults.cancelAtPage === page) {
          job.state = 'Canceled';
          return send(410);
        }
        if (faults.jamAtPage === page) jammed = true;
        if (jammed) return send(503);
        if ((faults.busyBeforePage?.[page] ?? 0) > job.counters.busy) {
          job.counters.busy += 1;
          return send(503);
        }
        if ((faults.emptyBodyBeforePage?.[page] ?? 0) > job.counters.empty) {
          job.counters.empty += 1;
          return send(200, undefined, 'image/png');
        }
        if (faults.holdAtPage === page) {
          holding.resolve();
          await hold.promise;
        }
        if (options.pageDelayMs) await new Promise((resolve) => setTimeout(resolve, options.pageDelayMs));
        const art = options.distinctPages ? ((page - 1) % options.distinctPages) + 1 : page;
        const key = `${job.width}x${job.height}@${job.dpi}/${job.colorMode}/${art}`;
        let image = pageCache.get(key);
        if (!image) {
          image = drawPage(job, art);
          if (pageCache.size > 64) pageCache.clear();
          pageCache.set(key, image);
        }
        if (faults.corruptPage === page) image = image.subarray(0, Math.floor(image.length / 3));
        if (faults.dieAtPage?.page === page) {
          dead = true;
          exchange.cut = true;
          sim.requests.push({ method: 'GET', path, status: -1 });
          const half = image.subarray(0, Math.floor(image.length / 2));
          const framing = faults.dieAtPage.framing;
          if (framing === 'close') {
            // Neither a length nor chunks: only the closing connection ends the body.
            req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n');
            req.socket.end(Buffer.from(half));
            return;
          }
          res.writeHead(200, { 'Content-Type': 'image/png', ...(framing === 'length' ? { 'Content-Length': String(image.length) } : {}) });
          res.write(half, () => res.socket?.end());
          return;
        }
        if ((faults.dropDuringPage?.[page] ?? 0) > job.counters.drop) {
          job.counters.drop += 1;
          exchange.cut = true;
          sim.requests.push({ method: 'GET', path, status: -1 });
          res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(image.length) });
          res.write(image.subarray(0, Math.floor(image.length / 2)), () => res.socket?.destroy());
          return;
        }
        job.served += 1;
        job.images.push(image);
        job.counters = { busy: 0, empty: 0, drop: 0 };
        send(200, image, 'image/png');
      } else if (req.method === 'DELETE' && jobMatch && !jobMatch[2]) {
        if (!job) return send(404);
        // Deleting a job whose pages were all sent ends it; deleting one still feeding cancels it.
        if (job.state === 'Processing') job.state = job.served >= job.total ? 'Completed' : 'Canceled';
        send(200);
      } else {
        send(404);
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });

  server.on('connection', (socket) => {
    if (dead) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('simulator has no TCP address');
  sim.port = address.port;
  sim.url = `http://127.0.0.1:${address.port}/eSCL`;
  sim.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sim;
}
