import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startHub, type Hub } from '../../../main/hub/startHub';
import { sha256File } from '../../../main/hub/sha256File';
import type { HubStatusChange } from '../../../main/hub/createHubStore';
import type { DossierDeclaration } from '../../../main/hub/dossierDeclaration';
import { startFaultProxy, type LinkFaults, type LinkStats } from './startFaultProxy';

export interface TestHubOptions {
  /** The hub's folder; a second start on the same folder is the same hub with the same desk. */
  dir: string;
  /** Port of the link the desk talks to (to come back on the same address after a restart). */
  port?: number;
  faults?: LinkFaults;
  uploadExpiryMs?: number;
  random?: () => number;
}

export interface TestHub {
  /** Where the desk points: the fault proxy in front of the hub. */
  url: string;
  /** The enrolled desk's token. */
  token: string;
  hub: Hub;
  stats: LinkStats;
  setFaults(faults: LinkFaults): void;
  dossiers(): Promise<Map<string, { id: string; metadata: DossierDeclaration; deliveredAt: Date | null }>>;
  /** A dossier the hub holds for the desk without the desk having sent it (a restored profile, another machine). */
  declareElsewhere(id: string, code: string): Promise<void>;
  /** A status change for the desk to pull, as review or the portal would make it. */
  pushStatus(dossierId: string, status: number, note?: string): Promise<HubStatusChange>;
  /** SHA-256 of a stored, verified file, read back from the hub's file store. */
  fileSha256(dossierId: string, name: string): Promise<string | undefined>;
  cleanUpExpiredUploads(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The office hub (embedded database) with one enrolled desk, behind the fault proxy: the real
 * server the desk syncs to, with the bad network in the test, not in the product.
 */
export async function startTestHub(options: TestHubOptions): Promise<TestHub> {
  const hub = await startHub({ dataDir: options.dir, rateLimit: { ratePerSecond: 10_000, burst: 10_000 }, ...(options.uploadExpiryMs ? { uploadExpiryMs: options.uploadExpiryMs } : {}) });
  const tokenFile = path.join(options.dir, 'test-desk-token');
  let token = await readFile(tokenFile, 'utf8').catch(() => '');
  if (!token) {
    const { code } = await hub.store.createEnrolmentCode({ deskName: 'Bàn thử nghiệm', role: 'desk' });
    token = (await hub.store.redeemEnrolmentCode(code)).token;
    await writeFile(tokenFile, token);
  }
  const proxy = await startFaultProxy({ target: hub.url, ...(options.port ? { port: options.port } : {}), ...(options.faults ? { faults: options.faults } : {}), ...(options.random ? { random: options.random } : {}) });
  return {
    url: proxy.url,
    token,
    hub,
    stats: proxy.stats,
    setFaults: (faults) => proxy.setFaults(faults),
    async dossiers() {
      const map = new Map<string, { id: string; metadata: DossierDeclaration; deliveredAt: Date | null }>();
      for (const id of await hub.store.dossierIds()) {
        const dossier = await hub.store.dossier(id);
        if (dossier) map.set(id, { id, metadata: dossier.metadata, deliveredAt: dossier.deliveredAt });
      }
      return map;
    },
    async declareElsewhere(id, code) {
      const desk = await hub.store.deskByToken(token);
      await hub.store.declareDossier(desk!, id, {
        code,
        procedureCode: '1.004366',
        receivedAt: '20261203080000',
        dueAt: '20261210170000',
        applicant: { idNumber: '001085099999', fullName: 'Người khác' },
        files: [{ name: `${code}_thanh-phan-1.pdf`, sha256: 'a'.repeat(64), size: 1 }],
      });
    },
    pushStatus: (dossierId, status, note) => hub.store.pushStatus({ dossierId, status, source: 'test', ...(note ? { note } : {}) }),
    async fileSha256(dossierId, name) {
      const file = (await hub.store.dossier(dossierId))?.files.find((entry) => entry.name === name);
      return file?.uploadId && file.storedAt ? sha256File(path.join(hub.filesDir, file.uploadId)) : undefined;
    },
    cleanUpExpiredUploads: () => hub.cleanUpExpiredUploads(),
    async close() {
      await proxy.close();
      await hub.close();
    },
  };
}
