import { create } from 'zustand';

export type View = 'intake' | 'dossiers' | 'catalog' | 'settings' | 'dashboard' | 'review' | 'accounts';

interface NavigationState {
  view: View;
  /** Dossier open in the intake screen; undefined means a new intake. */
  openDossierId: string | undefined;
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
  go: (view) => set({ view }),
  openDossier: (dossierId) => set({ view: 'intake', openDossierId: dossierId }),
  reviewDossierId: undefined,
  openReview: (dossierId) => set({ view: 'review', reviewDossierId: dossierId }),
}));
