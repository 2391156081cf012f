import { createHidPosAssembler } from './assembleHidPosReports';
import { createKeyboardReportDecoder } from './decodeKeyboardReports';

/** The HID side of QR scanners: enumerating devices and reading their input reports. */
export interface HidPort {
  devices(): HidDeviceInfo[];
  open(path: string): HidConnection;
}

export interface HidDeviceInfo {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  product?: string | undefined;
  usagePage?: number | undefined;
}

export interface HidConnection {
  on(event: 'data', listener: (report: Buffer) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  close(): void;
}

/** Hot-plug notifications (the `usb` package); the scanners are looked for again on each. */
export interface HotplugPort {
  onChange(listener: () => void): () => void;
}

export interface QrScannerInfo {
  id: string;
  name: string;
  mode: 'hid-pos' | 'keyboard';
}

/** HID POS barcode scanner usage page. */
const POS_USAGE_PAGE = 0x8c;

export interface QrScannerOptions {
  hid: HidPort;
  hotplug?: HotplugPort;
  /** Keyboard-mode scanners to read directly, as "vid:pid" in hex (e.g. "0c2e:0b61"). */
  keyboardDevices?: string[];
  onCode(code: { payload: string; scanner: string }): void;
  onError?(error: unknown): void;
}

function deviceId(device: HidDeviceInfo): string {
  return `${device.vendorId.toString(16).padStart(4, '0')}:${device.productId.toString(16).padStart(4, '0')}`;
}

/**
 * Opens every HID POS barcode scanner (and the keyboard-mode ones named in the settings), turns
 * their reports into codes and hands each code on. Plugging or unplugging a USB device makes it
 * look again, so a scanner plugged in later works without a restart.
 */
export function createQrScanners(options: QrScannerOptions): { list(): QrScannerInfo[]; rescan(): void; close(): void } {
  const open = new Map<string, { connection: HidConnection; info: QrScannerInfo }>();
  const keyboards = new Set((options.keyboardDevices ?? []).map((id) => id.toLowerCase()));

  function rescan(): void {
    let devices: HidDeviceInfo[];
    try {
      devices = options.hid.devices();
    } catch (error) {
      options.onError?.(error);
      return;
    }
    const present = new Set<string>();
    for (const device of devices) {
      if (!device.path) continue;
      const mode = device.usagePage === POS_USAGE_PAGE ? 'hid-pos' : keyboards.has(deviceId(device)) ? 'keyboard' : undefined;
      if (!mode) continue;
      present.add(device.path);
      if (open.has(device.path)) continue;
      const info: QrScannerInfo = { id: device.path, name: device.product ?? deviceId(device), mode };
      let connection: HidConnection;
      try {
        connection = options.hid.open(device.path);
      } catch (error) {
        options.onError?.(error);
        continue;
      }
      const assembler = createHidPosAssembler();
      const keyboard = createKeyboardReportDecoder();
      connection.on('data', (report) => {
        const bytes = new Uint8Array(report);
        const payload = mode === 'hid-pos' ? assembler.push(bytes)?.text : keyboard.push(bytes);
        if (payload) options.onCode({ payload, scanner: info.name });
      });
      connection.on('error', (error) => {
        options.onError?.(error);
        open.get(device.path!)?.connection.close();
        open.delete(device.path!);
      });
      open.set(device.path, { connection, info });
    }
    for (const [path, entry] of open) {
      if (present.has(path)) continue;
      entry.connection.close();
      open.delete(path);
    }
  }

  rescan();
  const stop = options.hotplug?.onChange(() => setTimeout(rescan, 300));
  return {
    list: () => [...open.values()].map((entry) => entry.info),
    rescan,
    close() {
      stop?.();
      for (const entry of open.values()) entry.connection.close();
      open.clear();
    },
  };
}
