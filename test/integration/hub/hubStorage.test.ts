/**
 * The office hub against both of its databases: the embedded PGlite (the default) and a real
 * PostgreSQL server (a throw-away cluster started here). The desk's own gateway client and tus
 * upload talk to it over HTTP, and what arrives is compared byte for byte.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../main/hub/startHub';
import { hubMigrations } from '../../../main/hub/database/migrations';
import { createGatewayClient, type DossierMetadata } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { SyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { patternBytes } from '../../support/sync/patternBytes';
import { useHubDatabases } from '../../support/hub/useHubDatabases';

const { hubOptions } = useHubDatabases('hub');

function metadataFor(code: string, files: Array<{ name: string; bytes: Uint8Array; sha256: string }>): DossierMetadata {
  return {
    code,
    procedureCode: '1.004366',
    receivedAt: '20261203090000',
    dueAt: '20261210170000',
    applicant: { idNumber: '001085012345', fullName: 'Nguyễn Thị Lan', address: 'Hà Nội' },
    files: files.map((file) => ({ name: file.name, sha256: file.sha256, size: file.bytes.length })),
  };
}

/**
 * tus as the desk speaks it, in two PATCHes with a HEAD between (a resumed upload); the browser
 * engine itself (tus-js-client over Blobs) is exercised by the sync tests in Chromium.
 */
async function tusUpload(uploadUrl: string, bytes: Uint8Array, token: string): Promise<number> {
  const headers = { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` };
  const half = Math.floor(bytes.length / 2);
  const first = await fetch(uploadUrl, { method: 'PATCH', headers: { ...headers, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: bytes.slice(0, half) });
  if (first.status !== 204) return first.status;
  const head = await fetch(uploadUrl, { method: 'HEAD', headers });
  const offset = Number(head.headers.get('Upload-Offset'));
  expect(offset).toBe(half);
  const rest = await fetch(uploadUrl, { method: 'PATCH', headers: { ...headers, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }, body: bytes.slice(offset) });
  return rest.status;
}

async function deliver(hub: Hub, token: string, id: string, code: string, sizes: number[], seed: number) {
  const files = await Promise.all(
    sizes.map(async (size, index) => {
      const bytes = patternBytes(size, seed + index);
      return { name: `${code}_thanh-phan-${index + 1}.pdf`, bytes, sha256: await sha256Hex(bytes) };
    }),
  );
  const client = createGatewayClient({ serverUrl: hub.url, token });
  await client.declare(id, metadataFor(code, files));
  for (const file of files) {
    const uploadUrl = await client.createUpload({ dossierId: id, name: file.name, sha256: file.sha256, size: file.bytes.length });
    expect(await tusUpload(uploadUrl, file.bytes, token)).toBe(204);
  }
  return { client, files, outcome: await client.commit(id) };
}

describe.each(['pglite', 'postgres'] as const)('the office hub on %s', (kind) => {
  it('enrols desks with one-use codes and their own slots, and refuses a revoked desk', async () => {
    const hub = await startHub(await hubOptions(kind));
    try {
      const first = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
      const second = await hub.store.createEnrolmentCode({ deskName: 'Bàn giám sát', role: 'supervisor' });
      expect(first.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      const enrol = (code: string) => fetch(`${hub.url}/api/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
      // Typed as an officer might: lower case, without dashes.
      const one = await enrol(first.code.toLowerCase().replace(/-/g, ' '));
      expect(one.status).toBe(201);
      const desk1 = (await one.json()) as { token: string; slot: number; role: string; deskName: string };
      expect(desk1).toMatchObject({ slot: 1, role: 'desk', deskName: 'Bàn 1' });
      const desk2 = (await (await enrol(second.code)).json()) as { token: string; slot: number; role: string };
      expect(desk2).toMatchObject({ slot: 2, role: 'supervisor' });
      expect(desk2.token).not.toBe(desk1.token);

      const again = await enrol(first.code);
      expect(again.status).toBe(403);
      expect(((await again.json()) as { message: string }).message).toBe('Mã ghép bàn này đã được dùng. Xin quản trị viên cấp mã mới.');
      expect((await enrol('AAAA-BBBB-CCCC-DDDD')).status).toBe(403);
      await expect(hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' })).rejects.toMatchObject({ code: 'hub-desk-exists', userMessage: expect.stringMatching(/đã được ghép/) });

      const whoAmI = (token: string) => fetch(`${hub.url}/api/v1/desk`, { headers: { Authorization: `Bearer ${token}` } });
      expect(((await (await whoAmI(desk1.token)).json()) as { slot: number }).slot).toBe(1);
      await hub.store.revokeDesk('Bàn 1');
      expect((await whoAmI(desk1.token)).status).toBe(401);
      // The same name on a new machine gets a new slot: dossier codes of the old one stay unique.
      const replacement = await hub.store.createEnrolmentCode({ deskName: 'Bàn 1', role: 'desk' });
      expect(((await (await enrol(replacement.code)).json()) as { slot: number }).slot).toBe(3);
      expect(await hub.store.verifyAudit()).toEqual({ entries: 7 });
    } finally {
      await hub.close();
    }
  });

  it('takes a delivery from the desk client over tus, keeps the bytes it was sent, and survives a restart', async () => {
    const options = await hubOptions(kind);
    let hub = await startHub(options);
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn 2', role: 'desk' });
    const { token } = await hub.store.redeemEnrolmentCode(code);
    const id = '6f1c2a4e-9b7d-4c3e-8a21-000000000001';
    const { files, outcome, client } = await deliver(hub, token, id, '000.00.16.H27-261203-2001', [300_000, 1_500_000], 7);
    expect(outcome).toEqual({ delivered: true });
    const stored = await hub.store.dossier(id);
    for (const file of files) {
      const row = stored!.files.find((entry) => entry.name === file.name)!;
      const bytes = await readFile(path.join(hub.filesDir, row.uploadId!));
      expect(await sha256Hex(bytes)).toBe(file.sha256);
      expect(Buffer.compare(bytes, Buffer.from(file.bytes))).toBe(0);
    }
    // Idempotent: the same declaration and commit again succeed without a second record.
    await client.declare(id, metadataFor('000.00.16.H27-261203-2001', files));
    expect(await client.commit(id)).toEqual({ delivered: true });
    expect(await hub.store.dossierIds()).toEqual([id]);

    await hub.close();
    hub = await startHub(options);
    try {
      const again = await hub.store.dossier(id);
      expect(again?.deliveredAt).toBeInstanceOf(Date);
      expect(again?.metadata.applicant.fullName).toBe('Nguyễn Thị Lan');
      const rows = await sql<{ name: string }>`SELECT name FROM hub_migrations ORDER BY name`.execute(hub.database.db);
      expect(rows.rows.map((row) => row.name)).toEqual(Object.keys(hubMigrations).sort());
      expect((await hub.store.verifyAudit()).brokenAt).toBeUndefined();
    } finally {
      await hub.close();
    }
  });

  it('keeps desks apart: a desk cannot read, overwrite or upload into another desk\'s dossier', async () => {
    const hub = await startHub(await hubOptions(kind));
    try {
      const a = await hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName: 'Bàn A', role: 'desk' })).code);
      const b = await hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName: 'Bàn B', role: 'desk' })).code);
      const id = '6f1c2a4e-9b7d-4c3e-8a21-000000000002';
      const { files } = await deliver(hub, a.token, id, '000.00.16.H27-261203-3001', [10_000], 3);
      const clientB = createGatewayClient({ serverUrl: hub.url, token: b.token });
      await expect(clientB.declare(id, metadataFor('000.00.16.H27-261203-3001', files))).rejects.toMatchObject({ code: 'sync-conflict' });
      expect(await clientB.commit(id)).toEqual({ delivered: false, missing: [], notDeclared: true });
      await expect(clientB.createUpload({ dossierId: id, name: files[0]!.name, sha256: files[0]!.sha256, size: files[0]!.bytes.length })).rejects.toBeInstanceOf(SyncFailure);

      await hub.store.pushStatus({ dossierId: id, status: 4, source: 'review', note: 'Đang xử lý' });
      const feedA = await createGatewayClient({ serverUrl: hub.url, token: a.token }).pullStatus(0, 100);
      expect(feedA.changes.map((change) => [change.dossierId, change.status, change.note])).toEqual([[id, 4, 'Đang xử lý']]);
      expect(await clientB.pullStatus(0, 100)).toEqual({ cursor: 0, changes: [] });
      const after = await createGatewayClient({ serverUrl: hub.url, token: a.token }).pullStatus(feedA.cursor, 100);
      expect(after.changes).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it('keeps every byte that arrived before the link broke in the middle of a PATCH', async () => {
    const hub = await startHub(await hubOptions(kind));
    try {
      const { token } = await hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName: 'Bàn D', role: 'desk' })).code);
      const id = '6f1c2a4e-9b7d-4c3e-8a21-000000000005';
      const bytes = patternBytes(8_000_000, 21);
      const name = '000.00.16.H27-261203-5001_thanh-phan-1.pdf';
      const client = createGatewayClient({ serverUrl: hub.url, token });
      await client.declare(id, metadataFor('000.00.16.H27-261203-5001', [{ name, bytes, sha256: await sha256Hex(bytes) }]));
      const uploadUrl = new URL(await client.createUpload({ dossierId: id, name, sha256: await sha256Hex(bytes), size: bytes.length }));
      // A raw PATCH announcing the whole file, cut after 5 MB have been written to the socket.
      const sent = 5_000_000;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(uploadUrl.port), uploadUrl.hostname, () => {
          socket.write(`PATCH ${uploadUrl.pathname} HTTP/1.1\r\nHost: ${uploadUrl.host}\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer ${token}\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: ${bytes.length}\r\n\r\n`);
          socket.end(bytes.subarray(0, sent), () => (socket.destroy(), resolve()));
        });
        socket.on('error', reject);
      });
      const offsetNow = async () => Number((await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` } })).headers.get('Upload-Offset'));
      // Asked at once, as a desk does when it comes back: the answer waits for the bytes in flight.
      expect(await offsetNow()).toBe(sent);
      const rest = await fetch(uploadUrl, { method: 'PATCH', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}`, 'Upload-Offset': String(sent), 'Content-Type': 'application/offset+octet-stream' }, body: bytes.slice(sent) });
      expect(rest.status).toBe(204);
      expect(await client.commit(id)).toEqual({ delivered: true });
      const row = (await hub.store.dossier(id))!.files[0]!;
      expect(Buffer.compare(await readFile(path.join(hub.filesDir, row.uploadId!)), Buffer.from(bytes))).toBe(0);
    } finally {
      await hub.close();
    }
  });

  it('refuses a file whose bytes are not the declared SHA-256, and bodies that break the contract', async () => {
    const hub = await startHub(await hubOptions(kind));
    try {
      const { token } = await hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName: 'Bàn C', role: 'desk' })).code);
      const id = '6f1c2a4e-9b7d-4c3e-8a21-000000000003';
      const good = patternBytes(50_000, 11);
      const name = '000.00.16.H27-261203-4001_thanh-phan-1.pdf';
      const client = createGatewayClient({ serverUrl: hub.url, token });
      await client.declare(id, metadataFor('000.00.16.H27-261203-4001', [{ name, bytes: good, sha256: await sha256Hex(good) }]));
      const uploadUrl = await client.createUpload({ dossierId: id, name, sha256: await sha256Hex(good), size: good.length });
      const bad = new Uint8Array(good);
      bad[1234] = bad[1234]! ^ 0xff;
      expect(await tusUpload(uploadUrl, bad, token)).toBe(460);
      // The refused upload is gone: the desk must create it again.
      expect((await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` } })).status).toBe(404);
      expect(await client.commit(id)).toEqual({ delivered: false, missing: [name], notDeclared: false });

      const put = (body: string) => fetch(`${hub.url}/api/v1/dossiers/${id.replace(/3$/, '4')}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body });
      expect((await put('{not json')).status).toBe(400);
      expect((await put(JSON.stringify({ ...metadataFor('bad code', []), extra: 1 }))).status).toBe(400);
      expect((await put('x'.repeat(1024 * 1024 + 1))).status).toBe(413);
      expect((await fetch(`${hub.url}/api/v1/status`)).status).toBe(401);
    } finally {
      await hub.close();
    }
  });
});
