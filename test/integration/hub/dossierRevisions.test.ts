/**
 * Revisions of a dossier at the office hub, on both of its databases (PGlite and a real PostgreSQL
 * server): a desk may deliver a dossier again with a higher revision only after the supervisor sent
 * its current revision back for rescanning; the new revision's files replace the declared ones (the
 * earlier revision's rows and bytes stay), the dossier waits for review again, and the office file
 * route serves the new bytes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../main/hub/startHub';
import { createGatewayClient, type DossierMetadata } from '../../../preload/shared/sync/createGatewayClient';
import { useHubDatabases } from '../../support/hub/useHubDatabases';
import { deliverToHub } from '../../support/hub/deliverToHub';
import { patternBytes } from '../../support/sync/patternBytes';

const { hubOptions } = useHubDatabases('revision');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DOSSIER = '5e1d0000-0000-4000-8000-000000000001';

const declare = (hub: Hub, token: string, metadata: DossierMetadata) =>
  fetch(`${hub.url}/api/v1/dossiers/${DOSSIER}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(metadata) });
const review = (hub: Hub, token: string, body: Record<string, unknown>) =>
  fetch(`${hub.url}/api/v1/office/dossiers/${DOSSIER}/review`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ decisionId: crypto.randomUUID(), reviewer: 'Phạm Lãnh Đạo', ...body }),
  });
const createUpload = (hub: Hub, token: string, file: { name: string; sha256: string; size: number }) =>
  fetch(`${hub.url}/files/`, {
    method: 'POST',
    headers: {
      'Tus-Resumable': '1.0.0',
      Authorization: `Bearer ${token}`,
      'Upload-Length': String(file.size),
      'Upload-Metadata': [`dossierId ${btoa(DOSSIER)}`, `name ${Buffer.from(file.name).toString('base64')}`, `sha256 ${btoa(file.sha256)}`].join(','),
    },
  });

interface OfficeRow {
  id: string;
  revision: number;
  delivered: boolean;
  files: Array<{ name: string; sha256: string; size: number; stored: boolean }>;
  review: { state: string; reason: string | null } | null;
}
const officeRow = async (hub: Hub, token: string, query = ''): Promise<OfficeRow | undefined> => {
  const page = (await (await fetch(`${hub.url}/api/v1/office/dossiers${query}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { dossiers: OfficeRow[] };
  return page.dossiers.find((row) => row.id === DOSSIER);
};

describe.each(['pglite', 'postgres'] as const)('dossier revisions at the office hub on %s', (kind) => {
  it('takes revision 2 only after a send-back, replaces its files, and keeps revision 1 for the record', async () => {
    const hub = await startHub({ ...(await hubOptions(kind)), rateLimit: { ratePerSecond: 10_000, burst: 10_000 } });
    try {
      const enrol = async (deskName: string, role: 'desk' | 'supervisor') => hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName, role })).code);
      const desk = (await enrol('Bàn 1', 'desk')).token;
      const supervisor = (await enrol('Bàn lãnh đạo', 'supervisor')).token;
      const first = await deliverToHub(hub, desk, { id: DOSSIER, code: '000.00.16.H27-261203-1001', procedureCode: '1.004366', receivedAt: '20261203080000', sizes: [300_000, 40_000], seed: 7 });
      // Rescanned: the same file names, other bytes (and one page fewer in the second file).
      const rescanned = first.files.map((file, index) => {
        const bytes = patternBytes(index === 0 ? 310_000 : 35_000, 700 + index);
        return { name: file.name, bytes, sha256: sha256(bytes) };
      });
      const secondMetadata = { ...first.metadata, files: rescanned.map((file) => ({ name: file.name, sha256: file.sha256, size: file.bytes.length })) };
      expect(rescanned.map((file) => file.sha256)).not.toEqual(first.files.map((file) => file.sha256));

      // No review yet, then an acceptance: a second revision is a conflict either way.
      expect((await declare(hub, desk, { ...secondMetadata, revision: 2 })).status).toBe(409);
      expect((await review(hub, supervisor, { decision: 'accepted' })).status).toBe(201);
      expect((await declare(hub, desk, { ...secondMetadata, revision: 2 })).status).toBe(409);
      // The first revision's content again stays idempotent, with or without its revision number.
      expect((await declare(hub, desk, first.metadata)).status).toBe(200);
      expect((await declare(hub, desk, { ...first.metadata, revision: 1 })).status).toBe(200);

      expect((await review(hub, supervisor, { decision: 'rescan', reason: 'Trang 2 bị mờ, quét lại' })).status).toBe(201);
      expect((await officeRow(hub, supervisor))?.review?.state).toBe('rescan');
      // Other content under revision 1 is still a conflict after the send-back.
      expect((await declare(hub, desk, { ...secondMetadata, revision: 1 })).status).toBe(409);

      const accepted = await declare(hub, desk, { ...secondMetadata, revision: 2 });
      expect(accepted.status).toBe(201);
      expect(await accepted.json()).toEqual({ id: DOSSIER, state: 'declared' });
      // Replayed (its answer lost): the same answer without a second revision.
      const replayed = await declare(hub, desk, { ...secondMetadata, revision: 2 });
      expect(replayed.status).toBe(200);
      expect(await replayed.json()).toEqual({ id: DOSSIER, state: 'declared' });
      // A stale revision 1 after that, or a third before revision 2 was reviewed, is a conflict.
      expect((await declare(hub, desk, first.metadata)).status).toBe(409);
      expect((await declare(hub, desk, { ...secondMetadata, revision: 3 })).status).toBe(409);

      const waiting = await officeRow(hub, supervisor, '?review=pending');
      expect(waiting).toMatchObject({ revision: 2, delivered: false, review: null });
      expect(waiting?.files).toEqual(rescanned.map((file) => ({ name: file.name, sha256: file.sha256, size: file.bytes.length, stored: false })));
      // Not delivered until the new files are committed, so it cannot be reviewed yet.
      expect((await review(hub, supervisor, { decision: 'accepted' })).status).toBe(409);
      const client = createGatewayClient({ serverUrl: hub.url, token: desk });
      expect(await client.commit(DOSSIER)).toMatchObject({ delivered: false });

      // tus checks an upload against the current revision's file of that name: the old bytes are refused.
      const old = first.files[0]!;
      expect((await createUpload(hub, desk, { name: old.name, sha256: old.sha256, size: old.bytes.length })).status).toBe(400);
      for (const file of rescanned) {
        const url = await client.createUpload({ dossierId: DOSSIER, name: file.name, sha256: file.sha256, size: file.bytes.length });
        const patch = await fetch(url, { method: 'PATCH', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${desk}`, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: file.bytes });
        expect(patch.status).toBe(204);
      }
      expect(await client.commit(DOSSIER)).toMatchObject({ delivered: true });

      const delivered = await officeRow(hub, supervisor, '?review=pending');
      expect(delivered).toMatchObject({ revision: 2, delivered: true, review: null });
      expect(delivered?.files.every((file) => file.stored)).toBe(true);
      for (const file of rescanned) {
        const served = await fetch(`${hub.url}/api/v1/office/dossiers/${DOSSIER}/files/${encodeURIComponent(file.name)}`, { headers: { Authorization: `Bearer ${supervisor}` } });
        expect(served.status).toBe(200);
        expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(file.sha256);
      }

      // Revision 1's rows and bytes are kept.
      const rows = await hub.database.db.selectFrom('dossier_files').select(['revision', 'name', 'sha256', 'upload_id']).where('dossier_id', '=', DOSSIER).orderBy('revision').orderBy('name').execute();
      expect(rows.map((row) => [row.revision, row.name, row.sha256])).toEqual([
        ...first.files.map((file) => [1, file.name, file.sha256]),
        ...rescanned.map((file) => [2, file.name, file.sha256]),
      ]);
      for (const row of rows) expect(sha256(await readFile(path.join(hub.filesDir, row.upload_id!)))).toBe(row.sha256);

      // The supervisor's decision is now on revision 2; the audit records the revision and stays whole.
      expect((await review(hub, supervisor, { decision: 'accepted' })).status).toBe(201);
      expect(await officeRow(hub, supervisor)).toMatchObject({ revision: 2, review: { state: 'accepted' } });
      expect((await declare(hub, desk, { ...secondMetadata, revision: 3 })).status).toBe(409);
      const audit = await hub.database.db.selectFrom('hub_audit').select(['action', 'detail']).where('subject', '=', DOSSIER).orderBy('seq').execute();
      expect(audit.filter((entry) => entry.action === 'revise').map((entry) => entry.detail)).toEqual([{ code: first.metadata.code, revision: 2, previousRevision: 1, files: 2 }]);
      expect(await hub.store.verifyAudit()).not.toHaveProperty('brokenAt');
    } finally {
      await hub.close();
    }
  });
});
