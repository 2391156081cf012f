import HID from 'node-hid';
import { WebUSB } from 'usb';
import type { HidPort, HotplugPort } from './createQrScanners';

/** The real HID port: node-hid (hidraw on Linux). */
export function createNodeHidPort(): HidPort {
  return {
    devices: () => HID.devices(),
    open: (path) => new HID.HID(path, { nonExclusive: true }),
  };
}

/** USB hot-plug through the `usb` package's connect/disconnect events. */
export function createUsbHotplug(): HotplugPort {
  return {
    onChange(listener) {
      const usb = new WebUSB({ allowAllDevices: true });
      usb.addEventListener('connect', listener);
      usb.addEventListener('disconnect', listener);
      return () => {
        usb.removeEventListener('connect', listener);
        usb.removeEventListener('disconnect', listener);
      };
    },
  };
}
