/**
 * The relay to the national portal across a hard stop of the hub's process: the administrator
 * configures it with `npm run cli -- hub portal configure` (a process of its own, through the
 * running hub's admin API, the password from a file), a
 * dossier is in flight (the portal applied it and has not answered) when the hub is killed with
 * SIGKILL; restarted on the same data, the hub finds the row still marked sending, looks the
 * dossier up on the portal (TraCuuHoSo) and sends it as an update, then the status change that
 * waited behind it: the portal holds it once. On the embedded database and on PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openHubDatabase } from '../../../main/hub/database/openHubDatabase';
import { deliverToHub } from '../../support/hub/deliverToHub';
import { enrolDesk, freePort, startHubProcess } from '../../support/hub/startHubProcess';
import { startPostgresCluster } from '../../support/hub/startPostgresCluster';
import { AGENCY, CATALOG, PROCEDURES, until } from '../../support/portal/portalOffice';
import { startPortalReplica } from '../../support/portal/startPortalReplica';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const cli = (dataDir: string, ...args: string[]) => run(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'hub', 'portal', ...args, '--data', dataDir], { cwd: root, timeout: 120_000 });

async function outbox(dataDir: string, databaseUrl: string | undefined) {
  const database = await openHubDatabase({ dataDir: path.join(dataDir, 'database'), ...(databaseUrl ? { url: databaseUrl } : {}) });
  try {
    return await database.db.selectFrom('portal_outbox').selectAll().orderBy('id').execute();
  } finally {
    await database.close();
  }
}

describe.each(['pglite', 'postgres'] as const)('the relay to the national portal across a killed hub on %s', (kind) => {
  it('re-sends a row left in flight as an update after looking it up, so the portal never holds it twice', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-portal-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const postgres = await startPostgresCluster();
      cleanups.push(() => postgres.stop());
      databaseUrl = postgres.url;
    }
    const replica = await startPortalReplica({ catalog: CATALOG, madonvi: [AGENCY.madonvi] });
    cleanups.push(() => replica.close());
    const port = await freePort();
    let hub = await startHubProcess({ dataDir, port, ...(databaseUrl ? { databaseUrl } : {}) });
    cleanups.push(() => hub.kill());
    const desk = await enrolDesk(hub, dataDir, 'Bàn 1');
    const supervisor = await enrolDesk(hub, dataDir, 'Bàn lãnh đạo', 'supervisor');

    const passwordFile = path.join(dataDir, 'portal-password.txt');
    await writeFile(passwordFile, `${replica.password}\n`, { mode: 0o600 });
    const admin = JSON.parse(await readFile(path.join(dataDir, 'hub-admin.json'), 'utf8')) as { token: string };
    const mapped = await fetch(`${hub.url}/api/v1/admin/portal/procedures/1.004366`, { method: 'PUT', headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(PROCEDURES['1.004366']) });
    expect(mapped.status).toBe(200);
    // A long timeout: the request must still be waiting for its answer when the hub is killed.
    const configured = await cli(dataDir, 'configure', '--adapter-url', replica.url, '--auth-endpoint', replica.authEndpoint, '--integration-endpoint', replica.integrationEndpoint, '--username', replica.username, '--password-file', passwordFile, '--madonvi', AGENCY.madonvi, '--agency-name', AGENCY.name, '--timeout-ms', '60000', '--retry-base-ms', '40', '--retry-max-ms', '250');
    expect(configured.stdout).toContain('Đã lưu cấu hình kết nối Cổng DVC quốc gia');

    // The portal applies the dossier and never answers; a review decision queues behind it.
    replica.fault({ kind: 'hang', apply: true }, 'DongBoHoSoMC');
    const dossier = await deliverToHub(hub, desk.token, { id: '5b1e0000-0000-4000-8000-0000000000a1', code: `${AGENCY.code}-261207-0001`, procedureCode: '1.004366', receivedAt: '20261207080000', sizes: [50_000], seed: 501 });
    const decided = await fetch(`${hub.url}/api/v1/office/dossiers/${dossier.id}/review`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${supervisor.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ decisionId: crypto.randomUUID(), decision: 'accepted', reviewer: 'Lê Văn Giám' }),
    });
    expect(decided.status).toBe(201);
    await until('the portal holding the dossier, unanswered', () => replica.dossiers.has(dossier.metadata.code), 60_000);
    await hub.kill();

    const inFlight = await outbox(dataDir, databaseUrl);
    expect(inFlight.map((row) => [row.kind, row.state])).toEqual([
      ['dossier', 'sending'],
      ['status', 'waiting'],
    ]);

    hub = await startHubProcess({ dataDir, port, ...(databaseUrl ? { databaseUrl } : {}) });
    await until('the status change at the portal', () => (replica.progress.get(dossier.metadata.code)?.length ?? 0) === 1, 60_000);
    const summary = (await (await fetch(`${hub.url}/api/v1/office/portal-relay`, { headers: { Authorization: `Bearer ${supervisor.token}` } })).json()) as { label: string };
    expect(summary.label).toBe('Đồng bộ Cổng DVC quốc gia: chờ 0, lỗi 0');
    // The link the portal was given after the restart opens the desk's bytes (its key is kept sealed in the database).
    const fetched = await replica.fetchDocuments(dossier.metadata.code);
    expect(fetched.map((file) => [file.status, file.sha256])).toEqual([[200, dossier.files[0]!.sha256]]);
    await hub.stop();

    const sends = replica.callsOf('DongBoHoSoMC').map((call) => (call.body as { isUpdating: string }).isUpdating);
    expect(sends).toEqual(['False', 'True']);
    expect(replica.callsOf('TraCuuHoSo')).toHaveLength(2);
    expect(replica.dossiers.get(dossier.metadata.code)).toMatchObject({ creates: 1, updates: 1 });
    expect(replica.counters.duplicateCreates).toBe(0);
    expect(replica.progress.get(dossier.metadata.code)).toMatchObject([{ NguoiXuLy: 'Lê Văn Giám', NoiDungXuLy: 'Kiểm tra bản số hóa: đạt' }]);
    const done = await outbox(dataDir, databaseUrl);
    expect(done.map((row) => [row.kind, row.state, row.sent_as_update])).toEqual([
      ['dossier', 'acknowledged', true],
      ['status', 'acknowledged', null],
    ]);
  });
});
