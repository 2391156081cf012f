import { tables, type DeskHandle } from '../database';
import type { DossierComponent } from '../types';

/** Queries of the `components` table (a dossier's checklist; nothing sealed). */

/** A dossier's components in checklist order. */
export function dossierComponents(handle: DeskHandle, dossierId: string): Promise<DossierComponent[]> {
  return tables(handle).components.where('dossierId').equals(dossierId).sortBy('order');
}

export function getComponent(handle: DeskHandle, componentId: string): Promise<DossierComponent | undefined> {
  return tables(handle).components.get(componentId);
}
