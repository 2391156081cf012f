import { create } from 'zustand';

export type View = 'intake' | 'dossiers' | 'catalog' | 'settings' | 'dashboard' | 'review' | 'accounts';

interface NavigationState {
  view: View;
  /** Dossier open in the intake screen; undefined means a new intake. */
  openDossierId: string | undefined;
  /** Counts intake openings, so asking for a new dossier while one is on screen starts afresh. */
  intakeSeq: number;
  go(view: View): void;
  openDossier(dossierId: string | undefined): void;
  /** Dossier open in the review screen; undefined shows the review queue. */
  reviewDossierId: string | undefined;
  openReview(dossierId: string | undefined): void;
}

/** Which screen is shown; kept in memory because every piece of work itself is in the database. */
export const useNavigation = create<NavigationState>((set) => ({
  view: 'intake',
  openDossierId: undefined,
  intakeSeq: 0,
  go: (view) => set({ view }),
  openDossier: (dossierId) => set((state) => ({ view: 'intake', openDossierId: dossierId, intakeSeq: state.intakeSeq + 1 })),
  reviewDossierId: undefined,
  openReview: (dossierId) => set({ view: 'review', reviewDossierId: dossierId }),
}));
