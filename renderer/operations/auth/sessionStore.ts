import { create } from 'zustand';
import { getDatabase } from '../../db/deskHandle';
import { getUser } from '../../db/queries/users';
import type { User } from '../../db/types';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { createFirstAdmin, needsFirstAdmin, recordSessionEvent, signIn } from './accounts';
import { setCurrentOfficer, type SignedInOfficer } from './currentOfficer';

/** Kept for this window only (cleared when it closes), so a reload keeps the session and its lock. */
const SESSION_KEY = 'mot-cua-desk.session';

type Phase = 'loading' | 'setup' | 'signed-out' | 'signed-in';

interface SessionState {
  phase: Phase;
  officer: SignedInOfficer | undefined;
  /** Signed in, but the screen is locked until the password is given again. */
  locked: boolean;
  start(): Promise<void>;
  setUp(account: { username: string; displayName: string; password: string }): Promise<void>;
  signIn(username: string, password: string): Promise<string | undefined>;
  unlock(password: string): Promise<string | undefined>;
  lock(): void;
  signOut(): Promise<void>;
}

function officerOf(user: User): SignedInOfficer {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

function remember(officer: SignedInOfficer | undefined, locked: boolean): void {
  setCurrentOfficer(officer);
  if (officer) sessionStorage.setItem(SESSION_KEY, JSON.stringify({ userId: officer.id, locked }));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** Who works at this window; the app shows nothing but the login until someone has signed in. */
export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  officer: undefined,
  locked: false,
  async start() {
    const db = getDatabase();
    if (await needsFirstAdmin(db)) {
      remember(undefined, false);
      set({ phase: 'setup', officer: undefined, locked: false });
      return;
    }
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as { userId?: string; locked?: boolean } | null;
    const user = saved?.userId ? await getUser(db, saved.userId) : undefined;
    if (user && !user.disabled) {
      const officer = officerOf(user);
      remember(officer, saved?.locked === true);
      set({ phase: 'signed-in', officer, locked: saved?.locked === true });
    } else {
      remember(undefined, false);
      set({ phase: 'signed-out', officer: undefined, locked: false });
    }
  },
  async setUp(account) {
    const user = await createFirstAdmin(getDatabase(), account);
    const officer = officerOf(user);
    remember(officer, false);
    set({ phase: 'signed-in', officer, locked: false });
  },
  async signIn(username, password) {
    const result = await signIn(getDatabase(), username, password);
    if (!result.ok) return result.message;
    const officer = officerOf(result.user);
    remember(officer, false);
    set({ phase: 'signed-in', officer, locked: false });
    return undefined;
  },
  async unlock(password) {
    const officer = get().officer;
    if (!officer) throw new DomainError('not-signed-in', 'Chưa có ai đăng nhập.');
    const result = await signIn(getDatabase(), officer.username, password);
    if (!result.ok) return result.message;
    remember(officer, false);
    set({ locked: false });
    return undefined;
  },
  lock() {
    const officer = get().officer;
    if (!officer || get().locked) return;
    remember(officer, true);
    set({ locked: true });
    void recordSessionEvent(getDatabase(), officer.id, 'session-locked').catch((error: unknown) => console.error('Không ghi được nhật ký khóa màn hình', error));
  },
  async signOut() {
    const officer = get().officer;
    if (officer) await recordSessionEvent(getDatabase(), officer.id, 'logout');
    remember(undefined, false);
    set({ phase: 'signed-out', officer: undefined, locked: false });
  },
}));
