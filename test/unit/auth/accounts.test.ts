import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import { createAccount, createFirstAdmin, needsFirstAdmin, signIn } from '../../../renderer/operations/auth/accounts';
import { setCurrentOfficer } from '../../../renderer/operations/auth/currentOfficer';
import { createDraftDossier } from '../../../renderer/operations/dossier/dossierDrafts';
import { sampleProcedures } from '../../../renderer/db/seedCatalog';
import { verifyAuditChain } from '../../../preload/shared/audit/auditChain';
import { sealDossier } from '../../../renderer/operations/dossier/sealDossier';
import { readStatusHistory } from '../../../renderer/db/queries/statusHistory';

const ADMIN = { username: 'QuanTri', displayName: 'Quản trị viên', password: 'Quan-tri-2026-bi-mat' };

afterEach(() => setCurrentOfficer(undefined));

describe('desk accounts in IndexedDB', () => {
  it('creates the first administrator once, stores no password in clear, and audits it', async () => {
    const db = new DeskDatabase(`accounts-${crypto.randomUUID()}`);
    expect(await needsFirstAdmin(db)).toBe(true);
    const admin = await createFirstAdmin(db, ADMIN);
    expect(admin).toMatchObject({ username: 'quantri', role: 'admin' });
    expect(JSON.stringify(await db.users.toArray())).not.toContain(ADMIN.password);
    await expect(createFirstAdmin(db, { ...ADMIN, username: 'khac' })).rejects.toThrow(/đã có tài khoản quản trị/);
    expect(await db.users.count()).toBe(1);
    const log = await db.auditLog.orderBy('seq').toArray();
    expect(log.map((entry) => entry.action)).toEqual(['user-created']);
    expect((await verifyAuditChain(log)).ok).toBe(true);
  });

  it('only an administrator creates accounts; the signed-in officer is the actor of every entry and owns new dossiers', async () => {
    const db = new DeskDatabase(`accounts-${crypto.randomUUID()}`);
    await db.procedures.bulkAdd(sampleProcedures());
    const admin = await createFirstAdmin(db, ADMIN);
    await expect(createAccount(db, { username: 'canbo1', displayName: 'Lê Văn B', role: 'officer', password: 'Can-bo-mot-2026' })).rejects.toThrow('Cần đăng nhập');
    setCurrentOfficer({ id: admin.id, username: admin.username, displayName: admin.displayName, role: 'admin' });
    const officer = await createAccount(db, { username: 'canbo1', displayName: 'Lê Văn B', role: 'officer', password: 'Can-bo-mot-2026' });
    await expect(createAccount(db, { username: 'CANBO1', displayName: 'Trùng', role: 'officer', password: 'Can-bo-mot-2026' })).rejects.toThrow('đã có người dùng');
    await expect(createAccount(db, { username: 'x', displayName: 'Ngắn', role: 'officer', password: 'Can-bo-mot-2026' })).rejects.toThrow(/3–32/);

    setCurrentOfficer({ id: officer.id, username: officer.username, displayName: officer.displayName, role: 'officer' });
    await expect(createAccount(db, { username: 'canbo2', displayName: 'C', role: 'admin', password: 'Can-bo-hai-2026' })).rejects.toThrow(/chỉ dành cho quản trị/);
    const dossierId = await createDraftDossier(db, (await db.procedures.toCollection().first())!, true);
    expect((await db.dossiers.get(dossierId))?.officerId).toBe(officer.id);
    const created = (await db.auditLog.where('action').equals('user-created').toArray()).at(-1)!;
    expect(created.actor).toBe(admin.id);
  });

  it('throttles wrong passwords per user name, survives a new database handle, and logs every attempt', async () => {
    const name = `accounts-${crypto.randomUUID()}`;
    const db = new DeskDatabase(name);
    const admin = await createFirstAdmin(db, ADMIN);
    const t0 = 1_800_000_000_000;
    expect(await signIn(db, 'quantri', 'sai-mat-khau-1', t0)).toMatchObject({ ok: false, reason: 'wrong', message: 'Sai tên đăng nhập hoặc mật khẩu.' });
    expect(await signIn(db, 'khongco', 'sai-mat-khau-1', t0)).toMatchObject({ ok: false, reason: 'wrong', message: 'Sai tên đăng nhập hoặc mật khẩu.' });
    expect(await signIn(db, 'quantri', 'sai-mat-khau-2', t0)).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await signIn(db, 'quantri', 'sai-mat-khau-3', t0)).toMatchObject({ ok: false, reason: 'throttled', waitMs: 2000 });
    // Even the right password waits its turn; a fresh handle (a reload) sees the same throttle.
    db.close();
    const again = new DeskDatabase(name);
    expect(await signIn(again, 'QuanTri', ADMIN.password, t0 + 1000)).toMatchObject({ ok: false, reason: 'throttled', message: 'Nhập sai nhiều lần. Vui lòng chờ 1 giây trước khi thử lại.' });
    const ok = await signIn(again, 'quantri', ADMIN.password, t0 + 2000);
    expect(ok).toMatchObject({ ok: true, user: { id: admin.id } });
    expect(await signIn(again, 'quantri', 'sai-mat-khau-4', t0 + 3000)).toMatchObject({ ok: false, reason: 'wrong' });

    const log = await again.auditLog.orderBy('seq').toArray();
    expect(log.map((entry) => `${entry.action}:${entry.actor}`)).toEqual([
      `user-created:${admin.id}`,
      'login-failed:quantri',
      'login-failed:khongco',
      'login-failed:quantri',
      'login-failed:quantri',
      'login-refused:quantri',
      `login:${admin.id}`,
      'login-failed:quantri',
    ]);
    expect((await verifyAuditChain(log)).ok).toBe(true);
  });

  it('locks the name after ten wrong passwords', async () => {
    const db = new DeskDatabase(`accounts-${crypto.randomUUID()}`);
    await createFirstAdmin(db, ADMIN);
    let now = 1_800_000_000_000;
    let last;
    for (let i = 0; i < 10; i++) {
      last = await signIn(db, 'quantri', `sai-${i}-mat-khau`, now);
      now += 10 * 60_000;
    }
    expect(last).toMatchObject({ ok: false, reason: 'locked' });
    expect(await signIn(db, 'quantri', ADMIN.password, now - 10 * 60_000 + 60_000)).toMatchObject({ ok: false, reason: 'locked', message: expect.stringContaining('tạm khóa') });
  });
});

describe('the signed-in officer receives the dossier', () => {
  it('is named in the status history and is the actor of the seal', async () => {
    const db = new DeskDatabase(`accounts-${crypto.randomUUID()}`);
    await db.procedures.bulkAdd(sampleProcedures());
    const procedure = (await db.procedures.get('1.014392.H38'))!;
    setCurrentOfficer({ id: 'u-binh', username: 'canbo1', displayName: 'Lê Văn Bình', role: 'officer' });
    const dossierId = await createDraftDossier(db, procedure, true);
    await db.applicants.add({ id: 'a1', idNumber: '001085123456', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: 0, updatedAt: 0 });
    await db.dossiers.update(dossierId, { applicantId: 'a1', status: 'saved' });
    await sealDossier(db, dossierId, { override: { reason: 'Bản giấy nộp sau' } });
    expect(await readStatusHistory(db, dossierId)).toMatchObject([{ to: 2, by: 'Lê Văn Bình' }]);
    const actors = (await db.auditLog.toArray()).map((entry) => entry.actor);
    expect(new Set(actors)).toEqual(new Set(['u-binh']));
  });
});
