import { deskContract, eventChannel, type DeskEmitters, type DeskServices, type AppInfo } from '../../preload/contract';
import { createAppService } from '../app/appService';
import { createPrintService, type PrintPresenter } from '../print/printService';

/** Where a service's events go: the Electron window, or the test host's socket clients. */
export type EventSink = (channel: string, payload: unknown) => void;

export interface ServiceOptions {
  /** Folder for main-side state (device settings, hot folders, logs). */
  dataDir: string;
  version: string;
  mode: AppInfo['mode'];
  host: AppInfo['host'];
  sink: EventSink;
  /** The OS print dialog (Electron only); without it print jobs are only spooled to dataDir. */
  printPresenter?: PrintPresenter;
}

/** Builds per-service emitters that route each event to its contract channel. */
export function createEmitters(sink: EventSink): DeskEmitters {
  const emitters: Record<string, Record<string, (payload: unknown) => void>> = {};
  for (const [serviceName, spec] of Object.entries(deskContract)) {
    const serviceEmitters: Record<string, (payload: unknown) => void> = {};
    for (const event of Object.keys(spec.events)) {
      const channel = eventChannel(serviceName, event);
      serviceEmitters[event] = (payload) => sink(channel, payload);
    }
    emitters[serviceName] = serviceEmitters;
  }
  return emitters as unknown as DeskEmitters;
}

/**
 * The service registry: every main-process service, as plain Node modules. The Electron app, the
 * Chromium test host and the CLI all build their services here, so they exercise the same code.
 */
export function createServices(options: ServiceOptions): DeskServices {
  const emitters = createEmitters(options.sink);
  void emitters;
  return {
    app: createAppService({ version: options.version, mode: options.mode, host: options.host }),
    print: createPrintService({ dataDir: options.dataDir, ...(options.printPresenter ? { presenter: options.printPresenter } : {}) }),
  };
}
