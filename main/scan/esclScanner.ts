import { setTimeout as delay } from 'node:timers/promises';
import { readScanImageSize } from '../../preload/shared/image/readScanImageSize';
import { IMAGE_TYPE_MIME, sniffImageType } from '../../preload/shared/image/sniffImageType';
import { A4_AREA, buildEsclScanSettings } from './buildEsclScanSettings';
import { parseEsclCapabilities, type EsclCapabilities } from './parseEsclCapabilities';
import { esclStatusFailure, parseEsclStatus, type EsclStatus } from './parseEsclStatus';
import { scanFailure, scanFailureKind, scanFailureMessage, type ScanFailureKind } from './scanFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { snapResolution, type ScannedPage, type ScannerCapabilities, type ScannerDevice, type ScannerDriver, type ScanSource } from './ScannerDriver';

/** A scanner found on the network (mDNS) or entered by hand: its eSCL root URL. */
export interface EsclEndpoint {
  /** e.g. `http://192.0.2.7:80/eSCL` */
  url: string;
  name?: string;
}

export interface EsclScannerOptions {
  /** Scanner URLs entered by hand (the eSCL root, e.g. `http://192.0.2.7/eSCL`), read on every listing. */
  urls?: string[] | (() => Promise<string[]>);
  /** Network discovery (mDNS `_uscan._tcp` / `_uscans._tcp`); none by default. */
  discover?: () => Promise<EsclEndpoint[]>;
  /** Limit for one status, capabilities or job request. */
  requestTimeoutMs?: number;
  /** Limit for one page transfer (a slow feeder at high resolution takes a while). */
  pageTimeoutMs?: number;
  /** Pause before asking again after 503, an empty body or a dropped connection. */
  retryDelayMs?: number;
  /** How many 503 answers in a row before the scanner counts as busy. */
  maxBusyRetries?: number;
  /** How many empty or broken transfers of one page before giving up. */
  maxTransferRetries?: number;
}

const PREFIX = 'escl:';
const formatPreference = ['image/jpeg', 'image/png', 'image/tiff'] as const;

/** The device id of an eSCL root URL. */
export function esclDeviceId(url: string): string {
  return `${PREFIX}${normalizeEsclUrl(url)}`;
}

/** An http(s) eSCL root without trailing slash; anything else is refused. */
export function normalizeEsclUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw scanFailure('no-device', `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw scanFailure('no-device', `not an http(s) URL: ${url}`);
  parsed.hash = '';
  parsed.search = '';
  return parsed.toString().replace(/\/+$/, '');
}

function baseOf(deviceId: string): string {
  if (!deviceId.startsWith(PREFIX)) throw scanFailure('no-device', deviceId);
  return normalizeEsclUrl(deviceId.slice(PREFIX.length));
}

function sniff(data: Uint8Array): ScannedPage['mime'] | undefined {
  const type = sniffImageType(data);
  return type === 'jpeg' || type === 'png' || type === 'tiff' ? IMAGE_TYPE_MIME[type] : undefined;
}

/**
 * The scanner's job URL from a ScanJobs Location header. It may be relative; an absolute one keeps
 * only its path, because devices often name themselves by an address the desk cannot reach.
 */
export function resolveJobUrl(base: string, location: string): string {
  const jobs = new URL(`${base}/ScanJobs`);
  const resolved = new URL(location.trim(), jobs);
  return `${jobs.origin}${resolved.pathname.replace(/\/+$/, '')}`;
}

/**
 * eSCL (AirScan) driver: any network scanner speaking eSCL over HTTP. A job is one ScanJobs POST,
 * then NextDocument until the scanner says it is done; 503 and empty or broken transfers are
 * retried, and the device status explains a jam, an open cover or an empty feeder. Every page is
 * yielded as soon as it has arrived whole, so a failure later in the job loses none of them.
 */
export function createEsclScanner(options: EsclScannerOptions = {}): ScannerDriver {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const pageTimeoutMs = options.pageTimeoutMs ?? 120_000;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxBusyRetries = options.maxBusyRetries ?? 60;
  const maxTransferRetries = options.maxTransferRetries ?? 3;
  const capsCache = new Map<string, Promise<EsclCapabilities>>();

  async function request(url: string, init: RequestInit & { timeoutMs?: number }, signal?: AbortSignal): Promise<{ status: number; headers: Headers; body: Uint8Array }> {
    const timeout = AbortSignal.timeout(init.timeoutMs ?? requestTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetch(url, { ...init, signal: combined, redirect: 'error' });
      const body = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (signal?.aborted) throw scanFailure('cancelled', `${init.method ?? 'GET'} ${url} aborted`, error);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = timeout.aborted ? `timed out after ${init.timeoutMs ?? requestTimeoutMs} ms` : `${(error as Error).message}${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}`;
      throw new TransferError(`${init.method ?? 'GET'} ${url}: ${why}`, timeout.aborted, error);
    }
  }

  async function fetchCapabilities(base: string, signal?: AbortSignal): Promise<EsclCapabilities> {
    let reply;
    try {
      reply = await request(`${base}/ScannerCapabilities`, {}, signal);
    } catch (error) {
      if (error instanceof TransferError) throw scanFailure('offline', error.message, error);
      throw error;
    }
    if (reply.status !== 200) throw scanFailure(reply.status === 503 ? 'busy' : 'offline', `GET ${base}/ScannerCapabilities: HTTP ${reply.status}`);
    return parseEsclCapabilities(new TextDecoder().decode(reply.body));
  }

  function capabilitiesOf(base: string, signal?: AbortSignal): Promise<EsclCapabilities> {
    let cached = capsCache.get(base);
    if (!cached) {
      cached = fetchCapabilities(base, signal);
      capsCache.set(base, cached);
      cached.catch(() => capsCache.delete(base));
    }
    return cached;
  }

  /** The device's own explanation after a refusal, or undefined when it has none. */
  async function statusOf(base: string, signal: AbortSignal): Promise<EsclStatus | undefined> {
    try {
      const reply = await request(`${base}/ScannerStatus`, {}, signal);
      if (reply.status !== 200) return undefined;
      return parseEsclStatus(new TextDecoder().decode(reply.body));
    } catch (error) {
      if (scanFailureKind(error) === 'cancelled') throw error;
      return undefined;
    }
  }

  async function explain(base: string, usesFeeder: boolean, signal: AbortSignal): Promise<ScanFailureKind | undefined> {
    const status = await statusOf(base, signal);
    return status ? esclStatusFailure(status, usesFeeder) : undefined;
  }

  async function configuredUrls(): Promise<string[]> {
    const urls = typeof options.urls === 'function' ? await options.urls() : options.urls ?? [];
    return urls;
  }

  return {
    kind: 'escl',
    async listDevices() {
      const endpoints: EsclEndpoint[] = (await configuredUrls().catch(() => [] as string[])).map((url) => ({ url }));
      if (options.discover) endpoints.push(...(await options.discover().catch(() => [] as EsclEndpoint[])));
      const seen = new Map<string, ScannerDevice>();
      await Promise.all(
        endpoints.map(async (endpoint) => {
          let id: string;
          try {
            id = esclDeviceId(endpoint.url);
          } catch {
            return;
          }
          if (seen.has(id)) return;
          const device: ScannerDevice = { id, name: endpoint.name ?? new URL(id.slice(PREFIX.length)).host, driver: 'escl', training: false };
          seen.set(id, device);
          const caps = await capabilitiesOf(baseOf(id)).catch(() => undefined);
          if (caps && !endpoint.name) device.name = caps.makeAndModel;
        }),
      );
      return [...seen.values()];
    },
    async capabilities(deviceId) {
      const caps = await capabilitiesOf(baseOf(deviceId));
      const sources = (['platen', 'adf', 'adf-duplex'] as const).filter((source) => caps.sources[source]);
      const all = sources.map((source) => caps.sources[source]!);
      return {
        sources,
        colorModes: (['color', 'gray', 'bw'] as const).filter((mode) => all.some((s) => s.colorModes.includes(mode))),
        resolutions: [...new Set(all.flatMap((s) => s.resolutions))].sort((a, b) => a - b),
      } satisfies ScannerCapabilities;
    },
    async *scan(deviceId, settings, signal): AsyncGenerator<ScannedPage> {
      const base = baseOf(deviceId);
      capsCache.delete(base);
      const caps = await capabilitiesOf(base, signal);
      const source: ScanSource = settings.source;
      const sourceCaps = caps.sources[source];
      if (!sourceCaps) throw scanFailure('unsupported', `source ${source} not offered by ${caps.makeAndModel}`);
      if (!sourceCaps.colorModes.includes(settings.colorMode)) throw scanFailure('unsupported', `mode ${settings.colorMode} not offered for ${source} by ${caps.makeAndModel}`);
      const format = formatPreference.find((f) => sourceCaps.formats.includes(f));
      if (!format) throw scanFailure('unsupported', `${caps.makeAndModel} offers none of ${formatPreference.join(', ')} (only ${sourceCaps.formats.join(', ') || 'nothing'})`);
      const dpi = snapResolution(settings.dpi, sourceCaps.resolutions);
      const usesFeeder = source !== 'platen';
      const body = buildEsclScanSettings({ source, colorMode: settings.colorMode, dpi, format, width: Math.min(A4_AREA.width, sourceCaps.maxWidth), height: Math.min(A4_AREA.height, sourceCaps.maxHeight) });

      const fail = async (fallback: ScanFailureKind, detail: string): Promise<never> => {
        const kind = (await explain(base, usesFeeder, signal)) ?? fallback;
        throw scanFailure(kind, detail);
      };

      // Create the job; 503 means the device is still busy with something else.
      let jobUrl: string | undefined;
      for (let attempt = 0; !jobUrl; attempt += 1) {
        let reply;
        try {
          reply = await request(`${base}/ScanJobs`, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } }, signal);
        } catch (error) {
          if (error instanceof TransferError) throw scanFailure('offline', error.message, error);
          throw error;
        }
        if (reply.status === 201) {
          const location = reply.headers.get('location');
          if (!location) throw scanFailure('bad-response', `POST ${base}/ScanJobs: 201 without Location`);
          jobUrl = resolveJobUrl(base, location);
        } else if (reply.status === 503 && attempt < maxBusyRetries) {
          const kind = await explain(base, usesFeeder, signal);
          if (kind) throw scanFailure(kind, `POST ${base}/ScanJobs: HTTP 503`);
          await pause(retryDelayMs, signal);
        } else if (reply.status === 409) {
          await fail('feeder-empty', `POST ${base}/ScanJobs: HTTP 409`);
        } else {
          await fail(reply.status === 503 ? 'busy' : 'unsupported', `POST ${base}/ScanJobs: HTTP ${reply.status}`);
        }
      }

      let index = 0;
      let finished = false;
      const nextDocument = () => request(`${jobUrl}/NextDocument`, { timeoutMs: pageTimeoutMs }, signal);
      // The request for the next page goes out as soon as a page has arrived, as sane-airscan does,
      // so the scanner feeds while the desk spools and shows the page it has.
      let ahead: ReturnType<typeof nextDocument> | undefined;
      try {
        for (;;) {
          let busy = 0;
          let broken = 0;
          let page: Uint8Array | undefined;
          let done = false;
          while (!page && !done) {
            let reply;
            try {
              const pending = ahead ?? nextDocument();
              ahead = undefined;
              reply = await pending;
            } catch (error) {
              if (!(error instanceof TransferError)) throw error;
              broken += 1;
              if (broken > maxTransferRetries) await fail(error.timedOut ? 'offline' : 'io', `page ${index + 1}: ${error.message}; ${index} pages received`);
              await pause(retryDelayMs, signal);
              continue;
            }
            switch (reply.status) {
              case 200:
                if (reply.body.length > 0) {
                  page = reply.body;
                  break;
                }
                broken += 1;
                if (broken > maxTransferRetries) await fail('io', `page ${index + 1}: empty body ${broken} times; ${index} pages received`);
                await pause(retryDelayMs, signal);
                break;
              case 503: {
                const kind = await explain(base, usesFeeder, signal);
                if (kind && kind !== 'feeder-empty') throw scanFailure(kind, `page ${index + 1}: HTTP 503; ${index} pages received`);
                busy += 1;
                if (busy > maxBusyRetries) throw scanFailure('busy', `page ${index + 1}: HTTP 503 ${busy} times; ${index} pages received`);
                await pause(retryDelayMs, signal);
                break;
              }
              case 404:
              case 409:
                if (index > 0 || !usesFeeder) {
                  if (index === 0) await fail('io', `platen job ended without a page (HTTP ${reply.status})`);
                  done = true;
                  break;
                }
                await fail('feeder-empty', `NextDocument: HTTP ${reply.status} before the first page`);
                break;
              case 410:
                throw scanFailure('cancelled', `job ${jobUrl} cancelled at the scanner after ${index} pages (HTTP 410)`);
              default:
                await fail('io', `page ${index + 1}: HTTP ${reply.status}; ${index} pages received`);
            }
          }
          if (done || !page) break;
          const mime = sniff(page);
          if (!mime) throw scanFailure('bad-response', `page ${index + 1} from ${caps.makeAndModel} is not an image (${page.length} bytes, starts ${Buffer.from(page.subarray(0, 8)).toString('hex')}); ${index} pages received`);
          let size: { width: number; height: number } | undefined;
          if (mime !== 'image/tiff') {
            try {
              size = readScanImageSize(page);
            } catch (error) {
              throw scanFailure('bad-response', `page ${index + 1} from ${caps.makeAndModel} is a damaged ${mime}; ${index} pages received`, error);
            }
          }
          index += 1;
          if (usesFeeder) {
            ahead = nextDocument();
            // Awaited at the next turn; if the scan stops first, its failure has nobody to tell.
            ahead.catch(() => undefined);
          }
          yield { index, mime, data: page, ...(size ? { width: size.width, height: size.height } : {}), dpi, colorMode: settings.colorMode };
          if (!usesFeeder) break;
        }
        finished = true;
      } finally {
        if (!finished) {
          // Best effort: a scanner that is gone cannot be told, and must not hold up the officer.
          await request(jobUrl, { method: 'DELETE', timeoutMs: 3000 }).catch(() => undefined);
        }
      }
    },
  };
}

/** An HTTP exchange with the scanner that did not complete; callers turn it into `scanner-offline`. */
class TransferError extends DeskFailure {
  constructor(
    message: string,
    readonly timedOut: boolean,
    cause: unknown,
  ) {
    super('escl-transfer', scanFailureMessage('offline'), message, { cause, message });
    this.name = 'TransferError';
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw scanFailure('cancelled', 'cancelled while waiting for the scanner', error);
  }
}

