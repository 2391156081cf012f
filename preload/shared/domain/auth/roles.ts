/** Roles of desk accounts, from least to most trusted. */
export type Role = 'officer' | 'supervisor' | 'admin';

export const ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];

const RANK: Record<Role, number> = { officer: 0, supervisor: 1, admin: 2 };

/** True when `role` carries at least the rights of `needed` (an admin can do what a supervisor can). */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

export const ROLE_NAMES: Record<Role, string> = {
  officer: 'Cán bộ tiếp nhận',
  supervisor: 'Lãnh đạo bộ phận',
  admin: 'Quản trị',
};
