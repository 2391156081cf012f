import { deskContract, eventChannel, type DeskEmitters, type DeskServices, type AppInfo } from '../../preload/contract';
import { createAppService } from '../app/appService';
import { createPrintService, type PrintPresenter } from '../print/printService';
import path from 'node:path';
import { createScanService } from '../scan/createScanService';
import { createDemoScanner, type DemoScannerOptions } from '../scan/demoScanner';
import { createSaneScanner, type SaneScannerOptions } from '../scan/saneScanner';
import { createEsclScanner, type EsclScannerOptions } from '../scan/esclScanner';
import { discoverEsclScanners, type EsclDiscoveryOptions } from '../scan/discoverEsclScanners';
import { readEsclSettings } from '../scan/readEsclSettings';
import { addEsclUrl } from '../scan/addEsclUrl';
import { createHotFolderScanner, type HotFolder, type HotFolderScannerOptions } from '../scan/hotFolderScanner';
import { readHotFolderSettings } from '../scan/readHotFolderSettings';
import type { ScannerDriver } from '../scan/ScannerDriver';
import type { SecretCipher } from '../secrets/SecretCipher';
import { createKeyFileCipher } from '../secrets/createKeyFileCipher';
import { createSecretStore, type SecretStore } from '../secrets/createSecretStore';
import { createSyncConfigService, type SyncConfigService } from '../sync/createSyncConfigService';
import { createCardService } from '../card/createCardService';
import { createNodeHidPort, createUsbHotplug } from '../qr/nodeHidPorts';
import { createAuditService } from '../audit/createAuditService';
import { createVaultService } from '../vault/createVaultService';
import { createOfficeService } from '../office/createOfficeService';
import { createSigningService } from '../signing/createSigningService';
import type { SigningSettings } from '../../preload/contract/signing';

/** Where a service's events go: the Electron window, or the test host's socket clients. */
export type EventSink = (channel: string, payload: unknown) => void;

export interface ServiceOptions {
  /** Folder for main-side state (device settings, hot folders, logs). */
  dataDir: string;
  version: string;
  mode: AppInfo['mode'];
  host: AppInfo['host'];
  sink: EventSink;
  /** Protects main's secrets at rest: Electron's safeStorage; a key file in dataDir where there is none. */
  cipher?: SecretCipher;
  /** The OS print dialog (Electron only); without it print jobs are only spooled to dataDir. */
  printPresenter?: PrintPresenter;
  /** Scanner backends; by default the demo scanner (training mode only) and SANE. */
  scanners?: {
    demo?: DemoScannerOptions | false;
    sane?: SaneScannerOptions | false;
    /**
     * eSCL (AirScan) network scanners: URLs given here are added to those in `escl-scanners.json`
     * in dataDir; mDNS discovery is on in the Electron app and off elsewhere unless asked for.
     */
    escl?: (Omit<EsclScannerOptions, 'urls' | 'discover'> & { urls?: string[]; discovery?: boolean | EsclDiscoveryOptions }) | false;
    /** Hot folders of vendor scan utilities: those given here and those in `hot-folders.json` in dataDir. */
    folders?: (Omit<HotFolderScannerOptions, 'folders'> & { folders?: HotFolder[] }) | false;
    /** Further drivers built by the host. */
    extra?: ScannerDriver[];
  };
  /** Sync settings used until the desk stores its own (pilots, tests): server URL and concurrency. */
  sync?: { serverUrl?: string; concurrency?: number };
  /** Chip ID card readers (PC/SC). */
  card?: {
    /** Only PC/SC readers whose name contains this text; all readers by default. */
    readerFilter?: string;
    /** Folder of trusted CSCA certificates; `<dataDir>/csca` by default. */
    trustStoreDir?: string;
    /** USB QR scanners through node-hid: off where no HID device can exist (test host, CLI). */
    qrScanners?: { usbHotplug?: boolean; keyboardDevices?: string[] } | false;
  };
  /** Signing settings used until the desk stores its own (`<dataDir>/signing.json`): PKCS#11 module, TSA, agency name. */
  signing?: { defaults?: Partial<SigningSettings> };
}

/** The registry as hosts see it: the contract's services plus what a host itself needs of them. */
export type HostServices = DeskServices & {
  /** Also gives the configured server origin for the Content-Security-Policy. */
  sync: SyncConfigService;
};

/** The scanner backends of this host: the demo device exists only in training mode. */
function scannerDrivers(options: ServiceOptions): ScannerDriver[] {
  const drivers: ScannerDriver[] = [];
  const demo = options.scanners?.demo;
  if (options.mode === 'training' && demo !== false) drivers.push(createDemoScanner(demo ?? {}));
  const sane = options.scanners?.sane;
  if (sane !== false) drivers.push(createSaneScanner(sane ?? {}));
  const escl = options.scanners?.escl;
  if (escl !== false) drivers.push(esclDriver(options, escl ?? {}));
  const folders = options.scanners?.folders;
  if (folders !== false) {
    const { folders: given = [], ...rest } = folders ?? {};
    const file = path.join(options.dataDir, 'hot-folders.json');
    drivers.push(createHotFolderScanner({ ...rest, folders: async () => [...given, ...(await readHotFolderSettings(file))] }));
  }
  drivers.push(...(options.scanners?.extra ?? []));
  return drivers;
}

/** The eSCL driver, reading the settings file in dataDir on every device listing. */
function esclDriver(options: ServiceOptions, escl: Exclude<NonNullable<ServiceOptions['scanners']>['escl'], false | undefined>): ScannerDriver {
  const settingsFile = path.join(options.dataDir, 'escl-scanners.json');
  const { urls = [], discovery, ...rest } = escl;
  return createEsclScanner({
    ...rest,
    urls: async () => [...urls, ...(await readEsclSettings(settingsFile)).urls],
    discover: async () => {
      const settings = await readEsclSettings(settingsFile);
      const enabled = discovery === undefined ? (settings.discovery ?? options.host === 'electron') : discovery !== false;
      return enabled ? discoverEsclScanners(typeof discovery === 'object' ? discovery : {}) : [];
    },
  });
}

/** Main's store of secrets (server token, data keys), encrypted with the host's cipher. */
export function createHostSecretStore(options: Pick<ServiceOptions, 'dataDir' | 'cipher'>): SecretStore {
  const cipher = options.cipher ?? createKeyFileCipher(path.join(options.dataDir, 'secret.key'));
  return createSecretStore({ file: path.join(options.dataDir, 'secrets.json'), cipher });
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
export function createServices(options: ServiceOptions): HostServices {
  const emitters = createEmitters(options.sink);
  let secrets: SecretStore | undefined;
  // Opened on first use: a host that never asks for a secret never needs a keychain.
  const secretStore = () => (secrets ??= createHostSecretStore(options));
  // One store for every service: two writers of secrets.json could lose each other's entries.
  const sharedSecrets: SecretStore = {
    get protection() {
      return secretStore().protection;
    },
    get: (name) => secretStore().get(name),
    set: (name, value) => secretStore().set(name, value),
    delete: (name) => secretStore().delete(name),
  };
  const sync = createSyncConfigService({ dataDir: options.dataDir, secrets: sharedSecrets, emit: emitters.sync, ...(options.sync ? { defaults: options.sync } : {}) });
  return {
    sync,
    app: createAppService({ version: options.version, mode: options.mode, host: options.host }),
    scan: createScanService({
      drivers: scannerDrivers(options),
      spoolDir: path.join(options.dataDir, 'scan-spool'),
      emit: emitters.scan,
      rememberNetworkScanner: (url) => addEsclUrl(path.join(options.dataDir, 'escl-scanners.json'), url),
    }),
    print: createPrintService({ dataDir: options.dataDir, ...(options.printPresenter ? { presenter: options.printPresenter } : {}) }),
    card: createCardService({
      emit: emitters.card,
      trustStoreDir: options.card?.trustStoreDir ?? path.join(options.dataDir, 'csca'),
      ...(options.card?.readerFilter ? { readerFilter: options.card.readerFilter } : {}),
      ...(options.card?.qrScanners
        ? {
            qrScanners: {
              hid: createNodeHidPort,
              ...(options.card.qrScanners.usbHotplug ? { hotplug: createUsbHotplug } : {}),
              ...(options.card.qrScanners.keyboardDevices ? { keyboardDevices: options.card.qrScanners.keyboardDevices } : {}),
            },
          }
        : {}),
    }),
    audit: createAuditService({ dataDir: options.dataDir }),
    vault: createVaultService({ store: secretStore }),
    // The office hub is the configured sync server; its token stays in main.
    office: createOfficeService({ credentials: () => sync.credentials() }),
    // The token's PKCS#11 library is loaded on the first signing call, never at start-up.
    signing: createSigningService({ dataDir: options.dataDir, ...(options.signing?.defaults ? { defaults: options.signing.defaults } : {}) }),
  };
}
