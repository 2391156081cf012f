import type { AppInfo, DeskServices } from '../../preload/contract';

export interface AppServiceOptions {
  version: string;
  mode: AppInfo['mode'];
  host: AppInfo['host'];
}

/** Facts about the running app that the renderer shows (version, training mode banner). */
export function createAppService(options: AppServiceOptions): DeskServices['app'] {
  return {
    async getInfo() {
      return {
        name: 'Một Cửa Desk',
        version: options.version,
        mode: options.mode,
        platform: process.platform,
        host: options.host,
      };
    },
  };
}
