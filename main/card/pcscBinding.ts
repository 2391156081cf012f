import { createRequire } from 'node:module';

/** The PC/SC error the addon throws or rejects with: `code` is the pcsc-lite / WinSCard name ("NoService", "RemovedCard", …). */
export interface PcscError extends Error {
  code: string;
}

/** A connection to a card, as the addon hands it over. */
export interface PcscNativeCard {
  /** `protocol` undefined: the one negotiated at connect. The answer is a view into `outputBuffer`. */
  transmit(protocol: number | undefined, input: Uint8Array, outputBuffer?: ArrayBuffer): Promise<Uint8Array>;
  disconnect(then: number): Promise<void>;
  state(): Promise<{ atr: Uint8Array; protocol: number; readerName: string; status: number }>;
  protocol(): number;
}

/** One PC/SC context with a monitoring thread that reports every reader's state changes. */
export interface PcscNativeClient {
  connect(readerName: string, mode: number, protocol?: number): Promise<PcscNativeCard>;
  /** Throws (code "NoService", …) when no PC/SC service answers. */
  start(onChange: (readerName: string, status: number, atr: Uint8Array) => void, onError: (error: PcscError) => void): void;
  stop(): void;
}

/**
 * The N-API addon of pcsc-mini's prebuilt packages (pcsc-lite on Linux, WinSCard on Windows), used
 * directly: pcsc-mini's own wrapper package declares prebuilt packages the registry does not hold,
 * which breaks `npm ci`, so the project depends on the published ones only.
 */
export interface PcscBinding {
  newClient(): PcscNativeClient;
  CardMode: { EXCLUSIVE: number; SHARED: number };
  CardDisposition: { LEAVE: number; RESET: number };
  ReaderStatus: { UNKNOWN: number; UNAVAILABLE: number; PRESENT: number; MUTE: number };
  protocolString(protocol: number): string;
}

/** Which build of the addon a runtime loads: on Windows, Electron's differs from Node's. */
export type PcscRuntime = 'electron' | 'node';

/**
 * The prebuilt package of the addon for a platform, architecture and runtime (Linux desks are glibc
 * systems; a musl one loads the musl build). Names follow pcsc-mini's packages.
 */
export function pcscPrebuiltPackage(platform: string, arch: string, runtime: PcscRuntime, libc: 'glibc' | 'musl' = 'glibc'): string | undefined {
  const cpu = arch === 'x64' ? 'x86_64' : arch === 'arm64' ? 'aarch64' : undefined;
  if (!cpu) return undefined;
  if (platform === 'linux') return `@pcsc-mini/linux-${cpu}-${libc === 'musl' ? 'musl' : 'gnu'}`;
  if (platform === 'darwin') return `@pcsc-mini/macos-${cpu}`;
  if (platform === 'win32') return `@pcsc-mini/windows-${cpu}-${runtime}`;
  return undefined;
}

/** The C library of this Linux process, as the addon's builds tell them apart. */
function linuxLibc(): 'glibc' | 'musl' {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/**
 * Loads the addon for this process. Throws when there is no prebuilt package for the platform, it
 * is not installed, or the PC/SC library it links to is missing (libpcsclite on Linux).
 */
export function loadPcscBinding(): PcscBinding {
  const runtime: PcscRuntime = process.versions.electron ? 'electron' : 'node';
  const name = pcscPrebuiltPackage(process.platform, process.arch, runtime, process.platform === 'linux' ? linuxLibc() : 'glibc');
  if (!name) throw new Error(`no prebuilt PC/SC binding for ${process.platform}-${process.arch}`);
  return createRequire(__filename)(name) as PcscBinding;
}
