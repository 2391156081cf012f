import { deskContract, eventChannel, methodChannel, type DeskApi, type Result } from '../contract';

/** How the API reaches main: Electron's ipcRenderer in the preload, a WebSocket in the test host. */
export interface DeskTransport {
  invoke(channel: string, args: unknown[]): Promise<Result<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.desk` from the contract: one named method per contract method and one `on*`
 * listener per event. Nothing else (no raw channel access) is ever exposed to the page.
 */
export function createDeskApi(transport: DeskTransport): DeskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [serviceName, spec] of Object.entries(deskContract)) {
    const client: Record<string, unknown> = {};
    for (const method of Object.keys(spec.methods)) {
      const channel = methodChannel(serviceName, method);
      client[method] = (...args: unknown[]) => transport.invoke(channel, args);
    }
    for (const event of Object.keys(spec.events)) {
      const channel = eventChannel(serviceName, event);
      const listenerName = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
      client[listenerName] = (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError(`${listenerName} cần một hàm lắng nghe`);
        return transport.subscribe(channel, listener);
      };
    }
    api[serviceName] = client;
  }
  return api as unknown as DeskApi;
}
