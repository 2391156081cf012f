import { create } from 'zustand';
import { getDatabase } from '../../db/deskHandle';
import { dossiersAwaitingDigitization } from '../../db/queries/dossiers';
import { ocrDossierOnScreen } from '../ocr/deskOcr';
import { packageComponentInWorker } from '../ocr/packageComponentInWorker';
import { renderReceipt } from '../forms/generateReceipt';
import { digitizeDossier, type DigitizeProgress, type DigitizeResult } from './digitizeDossier';
import { userMessageOf } from '../../../preload/shared/errors/DeskFailure';

export type DigitizeState =
  | { state: 'queued' }
  | ({ state: 'running' } & DigitizeProgress)
  | { state: 'done'; result: DigitizeResult }
  | { state: 'failed'; message: string };

interface DigitizeStore {
  byDossier: Record<string, DigitizeState>;
  /** Queues a sealed dossier for OCR and packaging; a dossier already queued or running is left alone. */
  enqueue(dossierId: string): void;
}

const queue: string[] = [];
let running = false;

/**
 * Digitization of sealed dossiers, one at a time in the background so the desk goes on taking
 * dossiers while OCR and packaging run in workers. Progress is kept per dossier for the UI.
 */
export const useDigitize = create<DigitizeStore>((set, get) => ({
  byDossier: {},
  enqueue(dossierId) {
    const current = get().byDossier[dossierId];
    if (current?.state === 'queued' || current?.state === 'running') return;
    set((store) => ({ byDossier: { ...store.byDossier, [dossierId]: { state: 'queued' } } }));
    queue.push(dossierId);
    void drain();
  },
}));

function update(dossierId: string, state: DigitizeState): void {
  useDigitize.setState((store) => ({ byDossier: { ...store.byDossier, [dossierId]: state } }));
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  const db = getDatabase();
  try {
    for (let dossierId = queue.shift(); dossierId; dossierId = queue.shift()) {
      const id = dossierId;
      try {
        const result = await digitizeDossier(
          db,
          id,
          { ocr: ocrDossierOnScreen, packageComponent: packageComponentInWorker, renderReceipt: (target, fingerprint) => renderReceipt(db, target, fingerprint) },
          (progress) => update(id, { state: 'running', ...progress }),
        );
        update(id, { state: 'done', result });
      } catch (error) {
        // Nothing is lost: pages and finished files stay stored, and the next start retries.
        const message = userMessageOf(error);
        update(id, { state: 'failed', message });
      }
    }
  } finally {
    running = false;
  }
}

/** At start, takes up sealed dossiers whose digitization was interrupted (app closed, crash). */
export async function resumeDigitization(): Promise<void> {
  const waiting = await dossiersAwaitingDigitization(getDatabase());
  for (const id of waiting) useDigitize.getState().enqueue(id);
}
