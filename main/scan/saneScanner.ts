import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { readScanImageSize } from '../../preload/shared/image/readScanImageSize';
import { scanFailure, type ScanFailureKind } from './scanFailure';
import { snapResolution, type ColorMode, type ScanSource, type ScannedPage, type ScannerCapabilities, type ScannerDevice, type ScannerDriver } from './ScannerDriver';

const run = promisify(execFile);

export interface SaneScannerOptions {
  /** The scanimage binary (sane-utils). */
  scanimage?: string;
  /** Environment for scanimage, e.g. a private SANE_CONFIG_DIR. */
  env?: NodeJS.ProcessEnv;
  /** Extra scanimage arguments per SANE device name (backend-specific options). */
  extraArgs?: Record<string, string[]>;
  /** Listing and option queries give up after this long. */
  queryTimeoutMs?: number;
  /**
   * How long scanimage may take to exit once its batch is over. Some backends hang in clean-up
   * (scanimage stuck "trying to stop scanner" after a SIGPIPE from the backend's reader process);
   * past this the process is killed and the status it reported is used.
   */
  exitGraceMs?: number;
  /** A scan that prints nothing and delivers no page for this long is stopped as a transfer error. */
  stallTimeoutMs?: number;
}

/** A parsed `scanimage -A` option list: the native names we must pass back. */
export interface SaneOptions {
  sources: Array<{ native: string; source: ScanSource }>;
  modes: Array<{ native: string; mode: ColorMode }>;
  resolutions: number[];
}

/**
 * scanimage's exit status, corrected by the last "scanner status = N" it printed: when a SIGPIPE
 * from the backend's reader lands during clean-up, scanimage exits 0 even though the batch ended
 * on an error it had already reported.
 */
export function effectiveExitCode(code: number | null, stderr: string): number | null {
  if (code !== 0) return code;
  const reported = Number([...stderr.matchAll(/scanner status = (\d+)/g)].at(-1)?.[1]);
  // 5 (SANE_STATUS_EOF) is how every good page ends; only error statuses override the exit code.
  return exitKinds[reported] ? reported : code;
}

/** True once scanimage has said its batch is over (or started stopping): only clean-up is left. */
export function batchIsOver(stderr: string): boolean {
  return /Batch terminated|trying to stop scanner/.test(stderr);
}

/** SANE status codes as scanimage exits with them (sane/sane.h). */
const exitKinds: Record<number, ScanFailureKind> = { 1: 'unsupported', 2: 'cancelled', 3: 'busy', 4: 'unsupported', 6: 'jammed', 7: 'feeder-empty', 8: 'cover-open', 9: 'io', 10: 'io', 11: 'offline' };

function sourceOf(native: string): ScanSource | undefined {
  if (/duplex/i.test(native)) return 'adf-duplex';
  if (/adf|feeder|automatic/i.test(native)) return 'adf';
  if (/flatbed|platen|normal/i.test(native)) return 'platen';
  return undefined;
}

function modeOf(native: string): ColorMode | undefined {
  if (/colou?r|rgb/i.test(native)) return 'color';
  if (/gr[ae]y/i.test(native)) return 'gray';
  if (/lineart|binary|black|halftone/i.test(native)) return 'bw';
  return undefined;
}

/** Parses `scanimage -L` lines: device `test:0' is a Noname frontend-tester virtual device. */
export function parseSaneDeviceList(output: string): ScannerDevice[] {
  const devices: ScannerDevice[] = [];
  for (const line of output.split('\n')) {
    const match = /^device [`'](.+)' is an? (.+)$/.exec(line.trim());
    if (match) devices.push({ id: `sane:${match[1]!}`, name: match[2]!.trim(), driver: 'sane', training: false });
  }
  return devices;
}

/** Parses the `--source`, `--mode` and `--resolution` lines of `scanimage -A`. */
export function parseSaneOptions(output: string): SaneOptions {
  const listOf = (name: string) => {
    const match = new RegExp(`^\\s*--${name} ([^\\[\\n]+?)(?: \\[|$)`, 'm').exec(output);
    return match ? match[1]!.trim() : undefined;
  };
  const split = (value: string | undefined) => (value ? value.split('|').map((s) => s.trim()).filter(Boolean) : []);
  const sources = split(listOf('source')).flatMap((native) => {
    const source = sourceOf(native);
    return source ? [{ native, source }] : [];
  });
  const modes = split(listOf('mode')).flatMap((native) => {
    const mode = modeOf(native);
    return mode ? [{ native, mode }] : [];
  });
  const resolutionText = listOf('resolution') ?? '';
  let resolutions: number[];
  const range = /^(\d+)\.\.(\d+)dpi/.exec(resolutionText);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    resolutions = [75, 100, 150, 200, 300, 400, 600].filter((dpi) => dpi >= min && dpi <= max);
  } else {
    resolutions = resolutionText.replace(/dpi/g, '').split('|').map(Number).filter((n) => Number.isFinite(n) && n > 0).sort((a, b) => a - b);
  }
  return { sources, modes, resolutions };
}

function deviceName(deviceId: string): string {
  if (!deviceId.startsWith('sane:')) throw scanFailure('no-device', deviceId);
  return deviceId.slice('sane:'.length);
}

/** Scanner driver over SANE's `scanimage`: any scanner SANE supports, ADF batches streamed page by page. */
export function createSaneScanner(options: SaneScannerOptions = {}): ScannerDriver {
  const scanimage = options.scanimage ?? 'scanimage';
  const env = { ...process.env, ...options.env };
  const timeout = options.queryTimeoutMs ?? 20_000;
  const optionCache = new Map<string, SaneOptions>();

  async function optionsOf(name: string): Promise<SaneOptions> {
    const cached = optionCache.get(name);
    if (cached) return cached;
    let stdout: string;
    try {
      ({ stdout } = await run(scanimage, ['-d', name, '-A'], { env, timeout }));
    } catch (error) {
      throw scanFailure('offline', `scanimage -d ${name} -A: ${(error as Error).message}`, error);
    }
    const parsed = parseSaneOptions(stdout);
    optionCache.set(name, parsed);
    return parsed;
  }

  return {
    kind: 'sane',
    async listDevices() {
      let stdout: string;
      try {
        ({ stdout } = await run(scanimage, ['-L'], { env, timeout }));
      } catch (error) {
        // No SANE installed: not an error for the device list. A scanimage that fails or never
        // answers is one, and the list says so (no device is "scanimage -L" exiting 0).
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        const killed = (error as { killed?: boolean }).killed ? ` (stopped after ${timeout} ms)` : '';
        throw scanFailure('list-failed', `scanimage -L: ${(error as Error).message}${killed}`, error);
      }
      return parseSaneDeviceList(stdout);
    },
    async capabilities(deviceId) {
      const parsed = await optionsOf(deviceName(deviceId));
      return {
        sources: [...new Set(parsed.sources.map((s) => s.source))],
        colorModes: [...new Set(parsed.modes.map((m) => m.mode))],
        resolutions: parsed.resolutions,
      } satisfies ScannerCapabilities;
    },
    async *scan(deviceId, settings, signal): AsyncGenerator<ScannedPage> {
      const name = deviceName(deviceId);
      const parsed = await optionsOf(name);
      const source = parsed.sources.find((s) => s.source === settings.source) ?? (settings.source === 'adf-duplex' ? parsed.sources.find((s) => s.source === 'adf') : undefined);
      if (parsed.sources.length > 0 && !source) throw scanFailure('unsupported', `source ${settings.source} not offered by ${name}`);
      const mode = parsed.modes.find((m) => m.mode === settings.colorMode);
      if (parsed.modes.length > 0 && !mode) throw scanFailure('unsupported', `mode ${settings.colorMode} not offered by ${name}`);
      const dpi = snapResolution(settings.dpi, parsed.resolutions);
      const folder = await mkdtemp(path.join(os.tmpdir(), 'motcua-sane-'));
      const args = ['-d', name, '--format=png', `--resolution=${dpi}`, `--batch=${path.join(folder, 'p%04d.png')}`, '--batch-print'];
      if (source) args.push(`--source=${source.native}`);
      if (mode) args.push(`--mode=${mode.native}`);
      if (settings.source === 'platen') args.push('--batch-count=1');
      args.push(...(options.extraArgs?.[name] ?? []));

      const child = spawn(scanimage, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exitGraceMs = options.exitGraceMs ?? 5_000;
      const stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
      let stderr = '';
      let graceTimer: NodeJS.Timeout | undefined;
      let stalled = false;
      let stallTimer: NodeJS.Timeout | undefined;
      const armStallTimer = () => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => {
          stalled = true;
          child.kill('SIGKILL');
        }, stallTimeoutMs);
      };
      armStallTimer();
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr = (stderr + text).slice(-4000);
        armStallTimer();
        if (!graceTimer && batchIsOver(stderr)) graceTimer = setTimeout(() => child.kill('SIGKILL'), exitGraceMs);
      });
      const exited = new Promise<number | null>((resolve) => {
        child.on('close', (code) => resolve(code));
        child.on('error', () => resolve(-1));
      });
      const onAbort = () => child.kill('SIGTERM');
      signal.addEventListener('abort', onAbort, { once: true });
      let index = 0;
      try {
        // --batch-print names each file only once scanimage has finished writing it.
        for await (const line of createInterface({ input: child.stdout })) {
          const file = line.trim();
          if (!file) continue;
          armStallTimer();
          const data = new Uint8Array(await readFile(file));
          await rm(file, { force: true });
          let size: { width: number; height: number };
          try {
            size = readScanImageSize(data);
          } catch (error) {
            throw scanFailure('bad-response', `page ${index + 1} from ${name} is not a valid PNG`, error);
          }
          index += 1;
          yield { index, mime: 'image/png', data, width: size.width, height: size.height, dpi, colorMode: settings.colorMode };
        }
        const rawCode = await exited;
        if (stalled) throw scanFailure('io', `no data from ${name} for ${stallTimeoutMs} ms after ${index} pages`);
        // Killed in clean-up after the batch ended: judge by what scanimage reported, as for exit 0.
        const code = effectiveExitCode(rawCode === null && batchIsOver(stderr) ? 0 : rawCode, stderr);
        if (signal.aborted) throw scanFailure('cancelled', `${name} stopped after ${index} pages`);
        if (code === 0 && index > 0) return;
        // scanimage ends an ADF batch with status 0 even when not a single sheet was fed.
        if (code === 0) throw scanFailure(settings.source === 'platen' ? 'io' : 'feeder-empty', `no page from ${name}: ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
        const kind = code === null ? 'io' : code === -1 ? 'offline' : exitKinds[code] ?? (/open of device .* failed/.test(stderr) ? 'offline' : 'io');
        // An ADF batch ends with "feeder out of documents": normal once pages were scanned.
        if (kind === 'feeder-empty' && index > 0) return;
        throw scanFailure(kind, `scanimage exit ${String(code)} after ${index} pages: ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
      } finally {
        clearTimeout(graceTimer);
        clearTimeout(stallTimer);
        signal.removeEventListener('abort', onAbort);
        if (child.exitCode === null) child.kill('SIGTERM');
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}
