import { hasRole, ROLE_NAMES, type Role } from '../../../preload/shared/domain/auth/roles';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { getCurrentOfficer, type SignedInOfficer } from './currentOfficer';

/**
 * The signed-in officer, when their role is at least `needed`; otherwise a refusal in Vietnamese.
 * Screens hide what a role may not do; this check guards the writes themselves.
 */
export function requireRole(needed: Role): SignedInOfficer {
  const officer = getCurrentOfficer();
  if (!officer) throw new DomainError('not-signed-in', 'Cần đăng nhập để thực hiện thao tác này.');
  if (!hasRole(officer.role, needed)) throw new DomainError('forbidden', `Thao tác này chỉ dành cho ${ROLE_NAMES[needed].toLowerCase()} trở lên.`);
  return officer;
}
