/**
 * The one interface every scanner backend implements (demo, SANE, eSCL, hot folder, file import).
 * The scan service drives any of them the same way; a backend is one file under main/scan/.
 */

import type { ColorMode, ScanNotice, ScanPageMime, ScanSettings, ScanSource } from '../../preload/contract/scan';

export type { ColorMode, ScanNotice, ScanSettings, ScanSource };
export type DriverKind = 'demo' | 'sane' | 'escl' | 'folder' | 'file';

/** 200 dpi colour: the legal minimum for digitized copies (Nghị định 30/2020/NĐ-CP). */
export const DEFAULT_SCAN_SETTINGS: ScanSettings = { source: 'adf', colorMode: 'color', dpi: 200 };

export interface ScannerDevice {
  /** Globally unique: `<driver>:<driver-specific id>`. */
  id: string;
  name: string;
  driver: DriverKind;
  /** Demo devices produce practice pages only. */
  training: boolean;
}

export interface ScannerCapabilities {
  sources: ScanSource[];
  colorModes: ColorMode[];
  /** Supported resolutions, ascending. */
  resolutions: number[];
}

export interface ScannedPage {
  /** 1-based position in the job. */
  index: number;
  mime: ScanPageMime;
  data: Uint8Array;
  width?: number;
  height?: number;
  dpi: number;
  colorMode: ColorMode;
}

export interface ScannerDriver {
  readonly kind: DriverKind;
  /**
   * Devices this backend can reach now. A backend that is not installed or not set up lists none;
   * one that is there but cannot list (its tool fails or never answers, a configured folder cannot
   * be read) throws a DeskFailure, which the scanner list shows as that backend's error line.
   */
  listDevices(): Promise<ScannerDevice[]>;
  capabilities(deviceId: string): Promise<ScannerCapabilities>;
  /**
   * Scans with the given settings, yielding each page as soon as the device has delivered it.
   * Aborting the signal stops the device and ends the iteration with a `scanner-cancelled` failure.
   * Errors are DeskFailures made by `scanFailure` (main/scan/scanFailure.ts). `notify` receives what
   * the officer should know that is not an error (e.g. the resolution used instead of the one asked).
   */
  scan(deviceId: string, settings: ScanSettings, signal: AbortSignal, notify?: (notice: ScanNotice) => void): AsyncIterable<ScannedPage>;
}

/**
 * Picks the lowest supported resolution at or above the one asked for, so a page is never scanned
 * below the requested (legal minimum) dpi; falls back to the highest the device has.
 */
export function snapResolution(requested: number, supported: readonly number[]): number {
  if (supported.length === 0) return requested;
  const sorted = [...supported].sort((a, b) => a - b);
  return sorted.find((value) => value >= requested) ?? sorted[sorted.length - 1]!;
}
