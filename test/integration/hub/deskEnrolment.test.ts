/**
 * The desk's side of enrolment against the office hub: `npm run cli -- sync enrol` as a process
 * (token into main's secret store, the hub's answer printed), a hub whose TLS certificate the desk
 * cannot trust, and a revoked desk whose outbox keeps everything until it enrols again.
 */
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/useCleanups';
import { startHub } from '../../../main/hub/startHub';
import { createHostSecretStore } from '../../../main/services/createServices';
import { createSyncConfigService } from '../../../main/sync/createSyncConfigService';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier, StoredFile } from '../../../renderer/db/types';
import { enqueueDelivery } from '../../../renderer/operations/sync/enqueueDelivery';
import { createSyncEngine, type SyncEngineStatus } from '../../../renderer/operations/sync/createSyncEngine';
import type { TusFileUpload } from '../../../renderer/operations/sync/uploadFileWithTus';
import { createGatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { patternBytes } from '../../support/sync/patternBytes';
import { startTestHub } from '../../support/sync/startTestHub';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const cleanups = useCleanups();

const tempDir = () => cleanups.tempDir('motcua-desk-enrol-');

const noEvents = { configChanged: () => undefined };

describe('enrolling the desk with the office hub', () => {
  it('`sync enrol <url> <code>` stores the hub address and the desk token in main, prints the desk, and refuses the code a second time', async () => {
    const hub = await startHub({ dataDir: await tempDir() });
    cleanups.defer(() => hub.close());
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 2', role: 'desk' });
    const dataDir = await tempDir();
    const env = { ...process.env, MOTCUA_DATA_DIR: dataDir };
    // Typed as read off the administrator's printout, in its four groups.
    const { stdout } = await run(tsx, ['main/cli.ts', 'sync', 'enrol', hub.url, ...code.split('-')], { cwd: root, env, timeout: 120_000 });
    const printed = JSON.parse(stdout) as { server: string; token: boolean; desk: { deskName: string; role: string; slot: number; deskId: string } };
    expect(printed).toMatchObject({ server: hub.url, token: true, desk: { deskName: 'Bàn 2', role: 'desk', slot: 1 } });

    const settings = JSON.parse(await readFile(path.join(dataDir, 'sync.json'), 'utf8')) as { serverUrl: string; enrolment: { deskId: string } };
    expect(settings.serverUrl).toBe(hub.url);
    expect(await readFile(path.join(dataDir, 'sync.json'), 'utf8')).not.toMatch(/token/i);
    const sync = createSyncConfigService({ dataDir, secrets: createHostSecretStore({ dataDir }), emit: noEvents });
    const credentials = await sync.credentials();
    const desk = await hub.store.deskByToken(credentials.token!);
    expect(desk).toMatchObject({ id: settings.enrolment.deskId, name: 'Bàn 2', slot: 1 });
    expect(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')).not.toContain(credentials.token!);

    const again = await run(tsx, ['main/cli.ts', 'sync', 'enrol', hub.url, code], { cwd: root, env, timeout: 120_000 }).catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 1 });
    expect((again as { stderr: string }).stderr).toContain('Mã đăng ký này đã được dùng. Mỗi mã chỉ đăng ký được một bàn; xin quản trị viên cấp mã mới.');
    // The refusal changed nothing: still the first enrolment's token.
    expect((await sync.credentials()).token).toBe(credentials.token);
  });

  it('refuses a hub whose TLS certificate it cannot verify, and keeps the code unused', async () => {
    const dir = await tempDir();
    const key = path.join(dir, 'hub.key');
    const cert = path.join(dir, 'hub.crt');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    const hub = await startHub({ dataDir: path.join(dir, 'hub'), tls: { cert: await readFile(cert), key: await readFile(key) } });
    cleanups.defer(() => hub.close());
    expect(hub.url).toMatch(/^https:/);
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 4', role: 'desk' });
    const dataDir = await tempDir();
    const sync = createSyncConfigService({ dataDir, secrets: createHostSecretStore({ dataDir }), emit: noEvents });
    await expect(sync.enrol({ hubUrl: hub.url, code })).rejects.toMatchObject({
      code: 'sync-enrol-tls-untrusted',
      userMessage: 'Không xác minh được chứng thư TLS của máy chủ đơn vị (chứng thư tự ký, hết hạn hoặc không đúng tên máy). Hãy nhờ quản trị viên kiểm tra chứng thư của máy chủ.',
    });
    expect((await sync.getConfig()).enrolment).toBeNull();
    expect((await hub.store.listDesks()).map((desk) => desk.name)).toEqual([]);
  });

  it('a revoked desk shows why in its sync status, sends nothing and loses nothing; enrolled again, it delivers all of it', async () => {
    const dir = await tempDir();
    const gateway = await startTestHub({ dir });
    cleanups.defer(() => gateway.close());
    const db = new DeskDatabase(`revoked-${crypto.randomUUID()}`);
    cleanups.defer(async () => db.close());
    const at = Date.UTC(2026, 11, 1, 2, 0, 0);
    await db.applicants.put({ id: 'a1', idNumber: '001203004567', fullName: 'Nguyễn Văn An', source: 'manual', createdAt: at, updatedAt: at });
    for (const n of [1, 2]) {
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const code = `000.00.16.H27-261201-${String(n).padStart(4, '0')}`;
      const bytes = patternBytes(30_000, n);
      const file: StoredFile = { id: `${id}-f`, dossierId: id, componentId: `${id}-c`, name: `${code}_thanh-phan-1.pdf`, mime: 'application/pdf', data: new Blob([bytes]), sha256: await sha256Hex(bytes), createdAt: at };
      const dossier: Dossier = { id, code, procedureCode: '1.004366', applicantId: 'a1', status: 'saved', training: false, createdAt: at, updatedAt: at, receivedAt: at, dueAt: at + 86_400_000, pageCount: 1, digitizedAt: at };
      await db.transaction('rw', [db.dossiers, db.files, db.outbox, db.applicants], async () => {
        await db.dossiers.put(dossier);
        await db.files.put(file);
        await enqueueDelivery(db, dossier, [file], at + n);
      });
    }
    await gateway.hub.store.revokeDesk('Bàn thử nghiệm');

    const statuses: SyncEngineStatus[] = [];
    const engineWith = (token: string) =>
      createSyncEngine({
        db,
        client: createGatewayClient({ serverUrl: gateway.url, token }),
        token,
        async upload(file: TusFileUpload) {
          const reply = await fetch(file.uploadUrl, { method: 'PATCH', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', Authorization: `Bearer ${token}` }, body: await file.data.arrayBuffer() });
          if (reply.status !== 204) throw new Error(`PATCH ${file.name}: HTTP ${reply.status}`);
        },
        onStatus: (status) => statuses.push(status),
      });
    const revoked = engineWith(gateway.token);
    revoked.start();
    await expect.poll(() => statuses.at(-1)?.link, { timeout: 20_000 }).toBe('revoked');
    await revoked.stop();
    expect(statuses.at(-1)?.lastError).toBe(
      'Bàn này đã bị thu hồi khỏi máy chủ đơn vị nên máy chủ không nhận hồ sơ từ bàn nữa. Các hồ sơ chờ gửi vẫn được giữ nguyên trong máy; hãy xin quản trị viên mã đăng ký mới và đăng ký lại bàn trong "Cấu hình bàn".',
    );
    const kept = await db.outbox.toArray();
    expect(kept.map((item) => [item.dossierId.slice(-1), item.state])).toEqual([
      ['1', 'queued'],
      ['2', 'queued'],
    ]);
    expect(kept.every((item) => item.metadata && item.files?.length === 1)).toBe(true);
    expect((await gateway.dossiers()).size).toBe(0);

    const { code } = await gateway.hub.store.createEnrolmentCode({ deskName: 'Bàn thử nghiệm', role: 'desk' });
    const { token } = await gateway.hub.store.redeemEnrolmentCode(code);
    const enrolled = engineWith(token);
    enrolled.start();
    await expect.poll(async () => db.outbox.where('state').equals('delivered').count(), { timeout: 20_000 }).toBe(2);
    await enrolled.stop();
    const delivered = [...(await gateway.dossiers()).values()];
    expect(delivered.map((dossier) => dossier.metadata.code).sort()).toEqual(['000.00.16.H27-261201-0001', '000.00.16.H27-261201-0002']);
  });
});
