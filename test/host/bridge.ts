/**
 * Runs in the page served by the test host, before the app: installs `window.desk` built by the
 * same createDeskApi as the Electron preload, over a WebSocket instead of ipcRenderer.
 */
import { createDeskApi } from '../../preload/bridge/deskApi';
import type { Result } from '../../preload/contract';
import { decodeWire, encodeWire, type WireMessage } from './wireCodec';

const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/__desk`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('Không kết nối được tới máy chủ thử nghiệm.')), { once: true });
});
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (event) => {
  const message = decodeWire(String(event.data)) as WireMessage;
  if (message.type === 'reply') {
    pending.get(message.id)?.(message.result as Result<unknown>);
    pending.delete(message.id);
  } else if (message.type === 'event') {
    for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'host-closed', message: 'Mất kết nối tới tiến trình chính.' } });
  pending.clear();
});

const desk = createDeskApi({
  async invoke(channel, args) {
    await opened;
    const id = nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      socket.send(encodeWire({ type: 'invoke', id, channel, args } satisfies WireMessage));
    });
  },
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(window, 'desk', { value: Object.freeze(desk), writable: false, configurable: false, enumerable: true });
