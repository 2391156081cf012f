import { setTimeout as delay } from 'node:timers/promises';
import { readScanImageSize } from '../../preload/shared/image/readScanImageSize';
import { IMAGE_TYPE_MIME, sniffImageType } from '../../preload/shared/image/sniffImageType';
import { A4_AREA, buildEsclScanSettings } from './buildEsclScanSettings';
import { parseEsclCapabilities, type EsclCapabilities } from './parseEsclCapabilities';
import { parseEsclStatus, type EsclStatus } from './parseEsclStatus';
import { parseEsclErrorBody } from './parseEsclErrorBody';
import { explainEsclStop, stoppedFailure, type EsclStopFacts, type EsclVerdict } from './explainEsclStop';
import { EsclTransferError, requestEscl, type EsclExchange, type EsclReply } from './requestEscl';
import { scanFailure, scanFailureKind, type ScanFailureKind } from './scanFailure';
import type { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { ScanNotice } from '../../preload/contract/scan';
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
  /**
   * How long a cancel lets a page already under way finish before closing its connection; the job
   * is deleted only once that request is over, never while it is still open.
   */
  cancelGraceMs?: number;
}

const PREFIX = 'escl:';
/** The legal minimum for digitized copies (Nghị định 30/2020/NĐ-CP): a resolution is never lowered below it. */
const LEGAL_MIN_DPI = 200;
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
 * The resolution a job uses: the one asked for when the device offers it, else the next one up.
 * Only when the device has nothing higher is its highest used, and never when that is below 200 dpi.
 */
export function chooseEsclResolution(requested: number, offered: readonly number[]): number {
  const dpi = snapResolution(requested, offered);
  if (dpi < requested && dpi < LEGAL_MIN_DPI) {
    throw scanFailure('unsupported', `${requested} dpi asked, the device offers at most ${dpi} dpi`, undefined, `Máy quét không quét được ${requested} dpi: cao nhất chỉ ${dpi} dpi, dưới mức tối thiểu ${LEGAL_MIN_DPI} dpi của bản số hóa.`);
  }
  return dpi;
}

/** The notice that tells the officer which resolution is used instead of the one chosen. */
export function resolutionNotice(requested: number, used: number): ScanNotice {
  const message = `Máy quét không hỗ trợ ${requested} dpi, dùng ${used} dpi${used < requested ? ' (mức cao nhất của máy)' : ''}`;
  return { code: 'scanner-resolution-changed', message, requestedDpi: requested, usedDpi: used };
}

/** Causes at the device that explain a page whose transfer broke off. */
const feederCauses = new Set<ScanFailureKind>(['jammed', 'cover-open', 'mispick', 'feeder-fault', 'cancelled']);

function connectionLost(pages: number, error: EsclTransferError): DeskFailure {
  const kept = pages > 0 ? `${pages} trang nhận đủ trước đó đã được giữ lại` : 'Chưa nhận được trang nào';
  return scanFailure('connection-lost', `page ${pages + 1}: ${error.detail ?? error.message}; ${pages} pages received`, error, `Mất kết nối với máy quét khi đang nhận trang ${pages + 1}. ${kept}; hãy kiểm tra nguồn điện và mạng của máy quét rồi quét tiếp từ trang ${pages + 1}.`);
}

/** Resolves as `promise` does, or rejects with the cancelled failure as soon as `signal` aborts. */
function untilCancelled<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(scanFailure('cancelled', 'cancelled by the desk'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(scanFailure('cancelled', 'cancelled by the desk'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits for `promise` at most `ms`; never rejects. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  await Promise.race([promise.catch(() => undefined), delay(ms, undefined, { signal: timer.signal }).catch(() => undefined)]);
  timer.abort();
}

/**
 * eSCL (AirScan) driver: any network scanner speaking eSCL over HTTP. A job reads the capabilities
 * once, is one ScanJobs POST, then NextDocument until the device says it is done, then a DELETE of
 * the job, as other eSCL clients do. 503 and empty or broken transfers are retried; a refusal is
 * explained from the job's state and reasons, the feeder state and the refusal's body, so the
 * officer hears the device's real cause. Every page is yielded as soon as it has arrived whole, so
 * a failure later in the job loses none of them. At most one NextDocument is open at a time, and
 * the job is deleted only after it has ended.
 */
export function createEsclScanner(options: EsclScannerOptions = {}): ScannerDriver {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const pageTimeoutMs = options.pageTimeoutMs ?? 120_000;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxBusyRetries = options.maxBusyRetries ?? 60;
  const maxTransferRetries = options.maxTransferRetries ?? 3;
  const cancelGraceMs = options.cancelGraceMs ?? 10_000;
  const capsCache = new Map<string, Promise<EsclCapabilities>>();

  async function request(url: string, init: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number }, signal?: AbortSignal): Promise<EsclReply> {
    try {
      return await requestEscl(url, { ...init, timeoutMs: init.timeoutMs ?? requestTimeoutMs, ...(signal ? { signal } : {}) }).reply;
    } catch (error) {
      if (signal?.aborted) throw scanFailure('cancelled', `${init.method ?? 'GET'} ${url} aborted`, error);
      throw error;
    }
  }

  async function fetchCapabilities(base: string, signal?: AbortSignal): Promise<EsclCapabilities> {
    let reply;
    try {
      reply = await request(`${base}/ScannerCapabilities`, {}, signal);
    } catch (error) {
      if (error instanceof EsclTransferError) throw scanFailure('offline', error.message, error);
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

  /** The device's status after a refusal, or undefined when it gives none that can be read. */
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

  async function explain(base: string, facts: Omit<EsclStopFacts, 'status'>, signal: AbortSignal): Promise<EsclVerdict> {
    const status = await statusOf(base, signal);
    return explainEsclStop({ ...facts, ...(status ? { status } : {}) });
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
    async *scan(deviceId, settings, signal, notify): AsyncGenerator<ScannedPage> {
      const base = baseOf(deviceId);
      // One fresh read per job (the listing may be old); the rest of the job uses it.
      capsCache.delete(base);
      const caps = await capabilitiesOf(base, signal);
      const source: ScanSource = settings.source;
      const sourceCaps = caps.sources[source];
      if (!sourceCaps) throw scanFailure('unsupported', `source ${source} not offered by ${caps.makeAndModel}`);
      if (!sourceCaps.colorModes.includes(settings.colorMode)) throw scanFailure('unsupported', `mode ${settings.colorMode} not offered for ${source} by ${caps.makeAndModel}`);
      const format = formatPreference.find((f) => sourceCaps.formats.includes(f));
      if (!format) throw scanFailure('unsupported', `${caps.makeAndModel} offers none of ${formatPreference.join(', ')} (only ${sourceCaps.formats.join(', ') || 'nothing'})`);
      const dpi = chooseEsclResolution(settings.dpi, sourceCaps.resolutions);
      if (dpi !== settings.dpi) notify?.(resolutionNotice(settings.dpi, dpi));
      const usesFeeder = source !== 'platen';
      const body = buildEsclScanSettings({ source, colorMode: settings.colorMode, dpi, format, width: Math.min(A4_AREA.width, sourceCaps.maxWidth), height: Math.min(A4_AREA.height, sourceCaps.maxHeight) });

      // Create the job; 503 means the device is still busy with something else.
      let jobUrl: string | undefined;
      for (let attempt = 0; !jobUrl; attempt += 1) {
        let reply;
        try {
          reply = await request(`${base}/ScanJobs`, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } }, signal);
        } catch (error) {
          if (error instanceof EsclTransferError) throw scanFailure('offline', error.message, error);
          throw error;
        }
        if (reply.status === 201) {
          const location = reply.headers.location;
          if (!location) throw scanFailure('bad-response', `POST ${base}/ScanJobs: 201 without Location`);
          jobUrl = resolveJobUrl(base, location);
          break;
        }
        const verdict = await explain(base, { httpStatus: reply.status, phase: 'create', usesFeeder, pages: 0, body: parseEsclErrorBody(reply.body) }, signal);
        if (verdict.outcome === 'failed') throw verdict.failure;
        const words = verdict.outcome === 'done' ? [`HTTP ${reply.status}`] : verdict.words;
        if (reply.status === 503 && attempt < maxBusyRetries) {
          await pause(retryDelayMs, signal);
          continue;
        }
        if (reply.status === 503 || verdict.outcome === 'busy') throw scanFailure('busy', `POST ${base}/ScanJobs: ${words.join(', ')}`);
        throw scanFailure('unsupported', `POST ${base}/ScanJobs: ${words.join(', ')}`, undefined, `Máy quét không nhận lệnh quét với thiết lập đã chọn (máy báo: ${words.join(', ')}).`);
      }

      let pages = 0;
      // The NextDocument request under way, if any: a cancel lets it end before the job is deleted.
      let inFlight: EsclExchange | undefined;
      const nextDocument = (): EsclExchange => {
        const exchange = requestEscl(`${jobUrl}/NextDocument`, { timeoutMs: pageTimeoutMs });
        // Awaited at the next turn; if the scan stops first, its failure has nobody to tell.
        exchange.reply.catch(() => undefined);
        return exchange;
      };
      const facts = (httpStatus: number, body?: Uint8Array): Omit<EsclStopFacts, 'status'> => ({ httpStatus, phase: 'page', usesFeeder, pages, jobUrl: jobUrl!, ...(body ? { body: parseEsclErrorBody(body) } : {}) });
      try {
        job: for (;;) {
          let busy = 0;
          let broken = 0;
          let page: EsclReply | undefined;
          while (!page) {
            // The request for this page may already be out: it is sent as soon as the previous page
            // has arrived, as sane-airscan does, so the scanner feeds while the desk spools.
            inFlight ??= nextDocument();
            let reply: EsclReply;
            try {
              reply = await untilCancelled(inFlight.reply, signal);
            } catch (error) {
              if (!(error instanceof EsclTransferError)) throw error;
              inFlight = undefined;
              broken += 1;
              if (broken > maxTransferRetries) {
                // A jam or an open cover named by the device explains a cut transfer; an empty feeder never does.
                const verdict = await explain(base, facts(0), signal);
                if (verdict.outcome === 'failed' && feederCauses.has(scanFailureKind(verdict.failure)!)) throw verdict.failure;
                if (error.timedOut && !error.cut) throw scanFailure('offline', `page ${pages + 1}: ${error.message}; ${pages} pages received`, error);
                throw connectionLost(pages, error);
              }
              await pause(retryDelayMs, signal);
              continue;
            }
            inFlight = undefined;
            if (reply.status === 200) {
              if (reply.body.length > 0) {
                page = reply;
                break;
              }
              broken += 1;
              if (broken > maxTransferRetries) {
                const verdict = await explain(base, facts(200), signal);
                if (verdict.outcome === 'failed') throw verdict.failure;
                throw scanFailure('io', `page ${pages + 1}: empty body ${broken} times; ${pages} pages received`);
              }
              await pause(retryDelayMs, signal);
              continue;
            }
            if (reply.status === 410) throw scanFailure('cancelled', `job ${jobUrl} cancelled at the scanner after ${pages} pages (HTTP 410)`);
            const verdict = await explain(base, facts(reply.status, reply.body), signal);
            if (verdict.outcome === 'failed') throw verdict.failure;
            if (verdict.outcome === 'done') break job;
            if (reply.status === 503) {
              busy += 1;
              if (busy > maxBusyRetries) throw scanFailure('busy', `page ${pages + 1}: HTTP 503 ${busy} times (${verdict.words.join(', ')}); ${pages} pages received`);
              await pause(retryDelayMs, signal);
              continue;
            }
            if (verdict.outcome === 'busy') throw scanFailure('busy', `page ${pages + 1}: ${verdict.words.join(', ')}; ${pages} pages received`);
            // The device ended the job without saying it is complete: say so, with its words.
            throw stoppedFailure(verdict.words, pages, `page ${pages + 1}: ${verdict.words.join(', ')}; ${pages} pages received`);
          }
          const data = page.body;
          const mime = sniff(data);
          let size: { width: number; height: number } | undefined;
          let damage: unknown;
          if (!mime) damage = new Error(`not an image (${data.length} bytes, starts ${Buffer.from(data.subarray(0, 8)).toString('hex')})`);
          else if (mime !== 'image/tiff') {
            try {
              size = readScanImageSize(data);
            } catch (error) {
              damage = error;
            }
          }
          if (damage !== undefined) {
            const detail = `page ${pages + 1} from ${caps.makeAndModel} is ${mime ? `a damaged ${mime}` : 'not an image'} (${data.length} bytes, ${page.framing}); ${pages} pages received`;
            // The device may have stopped mid-page and closed the image early: its status says so.
            const verdict = await explain(base, facts(0), signal);
            if (verdict.outcome === 'failed' && scanFailureKind(verdict.failure) !== 'feeder-empty') throw verdict.failure;
            // Without a length or a last chunk, only the image itself shows that the link went away.
            if (page.framing === 'close') throw connectionLost(pages, new EsclTransferError(detail, false, false, { status: 200, received: data.length, framing: 'close' }, damage));
            throw scanFailure('bad-response', detail, damage);
          }
          pages += 1;
          if (usesFeeder) inFlight = nextDocument();
          yield { index: pages, mime: mime!, data, ...(size ? { width: size.width, height: size.height } : {}), dpi, colorMode: settings.colorMode };
          if (!usesFeeder) break;
        }
      } finally {
        if (inFlight) {
          // Never DELETE beside an open NextDocument: let it finish for a while, else close it, and
          // wait until its connection is closed (a server may fall over if both happen at once).
          if (inFlight.open) await within(inFlight.closed, cancelGraceMs);
          if (inFlight.open) inFlight.abort();
          await within(inFlight.closed, 5000);
        }
        // Ended, failed or cancelled, the job is removed so the scanner does not stay busy with it.
        // Best effort: a scanner that is gone cannot be told, and must not hold up the officer.
        await request(jobUrl, { method: 'DELETE', timeoutMs: 3000 }).catch(() => undefined);
      }
    },
  };
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw scanFailure('cancelled', 'cancelled while waiting for the scanner', error);
  }
}
