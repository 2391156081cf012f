import { DomainError } from './DomainError';

/** The minimal shapes the intake check needs (the database records have more fields). */
export interface IntakeComponent {
  id: string;
  name: string;
  required: boolean;
}

export interface IntakePage {
  componentId?: string | undefined;
}

/** A decision to seal despite missing mandatory components: who, why; it is written to the audit log. */
export interface IntakeOverride {
  reason: string;
}

/** Mandatory components that have no page yet, in checklist order. */
export function findMissingRequiredComponents<C extends IntakeComponent>(components: readonly C[], pages: readonly IntakePage[]): C[] {
  const withPages = new Set(pages.map((page) => page.componentId).filter((id): id is string => id !== undefined));
  return components.filter((component) => component.required && !withPages.has(component.id));
}

/**
 * Whether a dossier may be sealed: every mandatory component has pages, or the officer gives an
 * override with a reason (e.g. "công dân nộp bản giấy, sẽ số hóa sau"). Refuses in Vietnamese,
 * naming the missing components.
 */
export function assertIntakeComplete(components: readonly IntakeComponent[], pages: readonly IntakePage[], override?: IntakeOverride): { missing: IntakeComponent[]; overridden: boolean } {
  const missing = findMissingRequiredComponents(components, pages);
  if (missing.length === 0) return { missing, overridden: false };
  if (!override) {
    throw new DomainError('missing-components', `Chưa có trang nào cho thành phần bắt buộc: ${missing.map((component) => `«${component.name}»`).join(', ')}.`);
  }
  if (override.reason.trim().length < 5) {
    throw new DomainError('override-reason-missing', 'Phải ghi rõ lý do (ít nhất 5 ký tự) khi tiếp nhận hồ sơ còn thiếu thành phần bắt buộc.');
  }
  return { missing, overridden: true };
}
