/**
 * The IPC contract: the single source of truth for what main implements and the renderer consumes.
 * Add a service by writing `preload/contract/<service>.ts` with `defineService` and listing it here.
 */
import type { ClientOf, EmitterOf, ImplementationOf } from './defineService';
import { appService } from './app';
import { printService } from './print';
import { scanService } from './scan';
import { syncService } from './sync';
import { cardService } from './card';
import { auditService } from './audit';
import { vaultService } from './vault';
import { officeService } from './office';
import { signingService } from './signing';

export const deskContract = {
  app: appService,
  print: printService,
  scan: scanService,
  sync: syncService,
  card: cardService,
  audit: auditService,
  vault: vaultService,
  office: officeService,
  signing: signingService,
} as const;

export type DeskContract = typeof deskContract;
export type DeskServiceName = keyof DeskContract;

/** `window.desk`: one typed object with named methods per service. */
export type DeskApi = { [K in DeskServiceName]: ClientOf<DeskContract[K]> };
/** The main-process implementation of every service. */
export type DeskServices = { -readonly [K in DeskServiceName]: ImplementationOf<DeskContract[K]> };
/** Event emitters handed to main services. */
export type DeskEmitters = { [K in DeskServiceName]: EmitterOf<DeskContract[K]> };

export * from './defineService';
export * from './result';
export * from './app';
export * from './print';
export * from './scan';
export * from './sync';
export * from './card';
export * from './audit';
export * from './vault';
export * from './office';
export * from './signing';
