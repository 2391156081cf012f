import type { DeskHandle } from '../../db/deskHandle';
import { inTransaction } from '../../db/queries/transaction';
import { addUser, getUser, updateUser, userByUsername, userCount, usernameTaken } from '../../db/queries/users';
import { deleteSetting, readSetting, writeSetting } from '../../db/queries/settings';
import type { User } from '../../db/types';
import { hashPassword, passwordProblem, verifyPassword, type PasswordHash } from '../../../preload/shared/domain/auth/passwordHash';
import { NO_FAILURES, recordFailure, waitBeforeAttempt, type ThrottleState } from '../../../preload/shared/domain/auth/loginThrottle';
import { ROLES, type Role } from '../../../preload/shared/domain/auth/roles';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { appendAudit } from '../audit/appendAudit';
import { requireRole } from './requireRole';

/** Settings key of the idle time (minutes) after which the screen locks. */
export const IDLE_LOCK_SETTING_KEY = 'auth.idleLockMinutes';
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
const THROTTLE_KEY_PREFIX = 'auth.throttle:';

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/** Lower-case user name; refuses anything but 3–32 letters, digits, dot, dash, underscore. */
export function normalizeUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,32}$/.test(username)) {
    throw new DomainError('username-invalid', 'Tên đăng nhập gồm 3–32 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.');
  }
  return username;
}

async function prepareAccount(account: NewAccount): Promise<User> {
  const username = normalizeUsername(account.username);
  const displayName = account.displayName.trim().replace(/\s+/gu, ' ');
  if (!displayName) throw new DomainError('display-name-missing', 'Cần nhập họ tên cán bộ.');
  if (!ROLES.includes(account.role)) throw new DomainError('role-invalid', 'Vai trò không hợp lệ.');
  const problem = passwordProblem(account.password, username);
  if (problem) throw new DomainError('password-weak', problem);
  const now = Date.now();
  return { id: crypto.randomUUID(), username, displayName, role: account.role, createdAt: now, updatedAt: now, passwordHash: await hashPassword(account.password) };
}

/** True until the first account exists: the desk then asks for its administrator. */
export async function needsFirstAdmin(db: DeskHandle): Promise<boolean> {
  return (await userCount(db)) === 0;
}

/**
 * Creates the first administrator. Refused once any account exists (checked inside the write
 * transaction, so two windows cannot both create one).
 */
export async function createFirstAdmin(db: DeskHandle, account: Omit<NewAccount, 'role'>): Promise<User> {
  const user = await prepareAccount({ ...account, role: 'admin' });
  await inTransaction(db, ['users', 'auditLog'], async () => {
    if ((await userCount(db)) > 0) throw new DomainError('setup-done', 'Bàn làm việc đã có tài khoản quản trị; hãy đăng nhập.');
    await addUser(db, user);
    await appendAudit(db, { at: user.createdAt, actor: user.id, action: 'user-created', target: user.id, detail: JSON.stringify({ username: user.username, role: user.role, firstRun: true }) }, { explicitActor: true });
  });
  return user;
}

/** An administrator creates an account; the user name must be new. */
export async function createAccount(db: DeskHandle, account: NewAccount): Promise<User> {
  requireRole('admin');
  const user = await prepareAccount(account);
  await inTransaction(db, ['users', 'auditLog'], async () => {
    if (await usernameTaken(db, user.username)) throw new DomainError('username-taken', `Tên đăng nhập «${user.username}» đã có người dùng.`);
    await addUser(db, user);
    await appendAudit(db, { at: user.createdAt, actor: '', action: 'user-created', target: user.id, detail: JSON.stringify({ username: user.username, role: user.role }) });
  });
  return user;
}

/** Disables or re-enables an account (never deletes it: the audit log keeps naming it). */
export async function setAccountDisabled(db: DeskHandle, userId: string, disabled: boolean): Promise<void> {
  if (requireRole('admin').id === userId) throw new DomainError('self-disable', 'Không thể tự khóa tài khoản đang đăng nhập.');
  await inTransaction(db, ['users', 'auditLog'], async () => {
    await updateUser(db, userId, { disabled, updatedAt: Date.now() });
    await appendAudit(db, { at: Date.now(), actor: '', action: disabled ? 'user-disabled' : 'user-enabled', target: userId });
  });
}

/** Sets a new password (by its owner or by an administrator) and clears its throttle. */
export async function setAccountPassword(db: DeskHandle, userId: string, password: string): Promise<void> {
  if (requireRole('officer').id !== userId) requireRole('admin');
  const user = await getUser(db, userId);
  if (!user) throw new DomainError('user-missing', 'Không tìm thấy tài khoản.');
  const problem = passwordProblem(password, user.username);
  if (problem) throw new DomainError('password-weak', problem);
  const passwordHash = await hashPassword(password);
  await inTransaction(db, ['users', 'settings', 'auditLog'], async () => {
    await updateUser(db, userId, { passwordHash, updatedAt: Date.now() });
    await deleteSetting(db, THROTTLE_KEY_PREFIX + user.username);
    await appendAudit(db, { at: Date.now(), actor: '', action: 'user-password-set', target: userId });
  });
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'wrong' | 'throttled' | 'locked'; waitMs: number; message: string };

/** A hash of nothing, verified for unknown names so a wrong name costs the same time as a wrong password. */
let decoy: Promise<PasswordHash> | undefined;

function waitMessage(waitMs: number, locked: boolean): string {
  const seconds = Math.ceil(waitMs / 1000);
  if (locked) return `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Thử lại sau ${Math.ceil(seconds / 60)} phút hoặc nhờ quản trị đặt lại mật khẩu.`;
  return `Nhập sai nhiều lần. Vui lòng chờ ${seconds} giây trước khi thử lại.`;
}

/**
 * Checks a user name and password. Wrong attempts are throttled per name (stored, so a reload does
 * not reset them) and every attempt, right or wrong, goes to the audit log. The message never says
 * whether the name exists.
 */
export async function signIn(db: DeskHandle, rawUsername: string, password: string, now = Date.now()): Promise<SignInResult> {
  const username = rawUsername.trim().toLowerCase();
  const throttleKey = THROTTLE_KEY_PREFIX + username;
  const throttle = ((await readSetting(db, throttleKey)) as ThrottleState | undefined) ?? NO_FAILURES;
  const before = waitBeforeAttempt(throttle, now);
  if (before.waitMs > 0) {
    await inTransaction(db, ['auditLog'], () =>
      appendAudit(db, { at: now, actor: username, action: 'login-refused', target: username, detail: JSON.stringify({ waitMs: before.waitMs, locked: before.locked }) }, { explicitActor: true }),
    );
    return { ok: false, reason: before.locked ? 'locked' : 'throttled', waitMs: before.waitMs, message: waitMessage(before.waitMs, before.locked) };
  }
  const user = username ? await userByUsername(db, username) : undefined;
  const usable = user && !user.disabled && user.passwordHash ? user : undefined;
  decoy ??= hashPassword('decoy-password-never-used');
  const matches = await verifyPassword(password, usable?.passwordHash ?? (await decoy));
  if (usable && matches) {
    await inTransaction(db, ['settings', 'auditLog'], async () => {
      await deleteSetting(db, throttleKey);
      await appendAudit(db, { at: now, actor: usable.id, action: 'login', target: usable.id }, { explicitActor: true });
    });
    return { ok: true, user: usable };
  }
  const after = recordFailure(throttle, now);
  await inTransaction(db, ['settings', 'auditLog'], async () => {
    await writeSetting(db, throttleKey, after);
    await appendAudit(
      db,
      { at: now, actor: username, action: 'login-failed', target: user?.id ?? username, detail: JSON.stringify({ failures: after.failures, disabled: user?.disabled === true }) },
      { explicitActor: true },
    );
  });
  const next = waitBeforeAttempt(after, now);
  if (next.waitMs > 0) return { ok: false, reason: next.locked ? 'locked' : 'throttled', waitMs: next.waitMs, message: `Sai tên đăng nhập hoặc mật khẩu. ${waitMessage(next.waitMs, next.locked)}` };
  return { ok: false, reason: 'wrong', waitMs: 0, message: 'Sai tên đăng nhập hoặc mật khẩu.' };
}

/** Records a sign-out or a lock of the screen under the officer's id. */
export async function recordSessionEvent(db: DeskHandle, userId: string, action: 'logout' | 'session-locked'): Promise<void> {
  await inTransaction(db, ['auditLog'], () => appendAudit(db, { at: Date.now(), actor: userId, action, target: userId }, { explicitActor: true }));
}

/** Minutes of inactivity before the screen locks (stored setting, default 10; 0 is not allowed). */
export async function readIdleLockMinutes(db: DeskHandle): Promise<number> {
  const value = await readSetting(db, IDLE_LOCK_SETTING_KEY);
  return typeof value === 'number' && value >= 1 && value <= 240 ? value : DEFAULT_IDLE_LOCK_MINUTES;
}

export async function saveIdleLockMinutes(db: DeskHandle, minutes: number): Promise<void> {
  requireRole('admin');
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) throw new DomainError('idle-invalid', 'Thời gian tự khóa phải từ 1 đến 240 phút.');
  await inTransaction(db, ['settings', 'auditLog'], async () => {
    const before = await readIdleLockMinutes(db);
    await writeSetting(db, IDLE_LOCK_SETTING_KEY, minutes);
    await appendAudit(db, { at: Date.now(), actor: '', action: 'settings-changed', target: IDLE_LOCK_SETTING_KEY, detail: JSON.stringify({ before, after: minutes }) });
  });
}
