import type { ApplicantDraft } from './validateApplicant';

/** How long typing must pause before the applicant's fields are stored. */
export const APPLICANT_AUTOSAVE_DELAY_MS = 400;

export type AutosaveState = 'idle' | 'pending' | 'stored' | 'failed';

export interface ApplicantAutosave {
  /** Takes the form's latest value for that dossier; it is stored once typing has paused for the delay. */
  change(dossierId: string, draft: ApplicantDraft): void;
  /** Stores the latest value now, if it is not stored yet (blur, leaving the screen, unload). */
  flush(): Promise<void>;
}

/**
 * Stores the applicant's fields as they are typed: debounced, so a pause in typing (not every key)
 * writes, and flushable, so leaving a field or the screen writes at once. Writes run one after
 * another, the latest value last, so a slow write never lands after a newer one. `onState` tells
 * the screen whether everything typed is stored.
 */
export function createApplicantAutosave(
  store: (dossierId: string, draft: ApplicantDraft) => Promise<unknown>,
  onState: (state: AutosaveState, error?: unknown) => void,
  delayMs = APPLICANT_AUTOSAVE_DELAY_MS,
): ApplicantAutosave {
  let latest: { dossierId: string; draft: ApplicantDraft } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const value = latest;
    latest = undefined;
    if (value) {
      chain = chain.then(async () => {
        try {
          await store(value.dossierId, value.draft);
          // A newer change typed while this one was being written keeps the state pending.
          if (!latest) onState('stored');
        } catch (error) {
          // Kept for the next try: the value the officer sees must end up stored.
          latest ??= value;
          onState('failed', error);
        }
      });
    }
    return chain;
  }

  return {
    change(dossierId, draft) {
      if (latest && latest.dossierId !== dossierId) void flush();
      latest = { dossierId, draft };
      onState('pending');
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void flush(), delayMs);
    },
    flush,
  };
}
