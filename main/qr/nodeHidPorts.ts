import { createRequire } from 'node:module';
import type HIDBinding from 'node-hid';
import type { WebUSB as WebUSBClass } from 'usb';
import type { HidPort, HotplugPort } from './createQrScanners';

// Native bindings are loaded on first use, so a machine without them still starts the desk.
const load = createRequire(__filename);

/** The real HID port: node-hid (hidraw on Linux). */
export function createNodeHidPort(): HidPort {
  const hid = () => load('node-hid') as typeof HIDBinding;
  return {
    devices: () => hid().devices(),
    open: (path) => new (hid().HID)(path, { nonExclusive: true }),
  };
}

/** USB hot-plug through the `usb` package's connect/disconnect events. */
export function createUsbHotplug(): HotplugPort {
  return {
    onChange(listener) {
      let usb: WebUSBClass;
      try {
        const { WebUSB } = load('usb') as { WebUSB: typeof WebUSBClass };
        usb = new WebUSB({ allowAllDevices: true });
      } catch {
        // No usable USB binding: scanners are still found on each listing, only not on plug-in.
        return () => {};
      }
      usb.addEventListener('connect', listener);
      usb.addEventListener('disconnect', listener);
      return () => {
        usb.removeEventListener('connect', listener);
        usb.removeEventListener('disconnect', listener);
      };
    },
  };
}
