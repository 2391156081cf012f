import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createDeskApi } from './deskApi';
import type { Result } from '../contract';

// The page never sees ipcRenderer: only the named methods built from the contract.
const desk = createDeskApi({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<Result<unknown>>,
  subscribe(channel, listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
});

contextBridge.exposeInMainWorld('desk', desk);
