import type { Role } from '../../../preload/shared/domain/auth/roles';

/** Who is signed in on this thread, as every write that records an actor needs it. */
export interface SignedInOfficer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

let current: SignedInOfficer | undefined;

/** The signed-in officer of this realm, or undefined (workers, tests, the login screen). */
export function getCurrentOfficer(): SignedInOfficer | undefined {
  return current;
}

/** Set by the session store only. */
export function setCurrentOfficer(officer: SignedInOfficer | undefined): void {
  current = officer;
}
