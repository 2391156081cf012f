import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { openHubDatabase } from '../../../main/hub/database/openHubDatabase';
import { createHubStore } from '../../../main/hub/createHubStore';
import { sha256File } from '../../../main/hub/sha256File';

/** What the hub holds, read from its database and its files folder after a run. */
export interface HubHoldings {
  dossiers: Map<string, { code: string; delivered: boolean; files: Map<string, { sha256: string; size: number; storedSha256?: string; storedSize?: number }> }>;
  /** Audit entries per action and subject ("deliver" → dossier id → count). */
  auditCounts: Map<string, Map<string, number>>;
  /** `file-stored` entries per dossier id and file name. */
  storedCounts: Map<string, number>;
  auditBroken: boolean;
}

/**
 * Opens the hub's database (the hub must be stopped when it is the embedded one) and reads every
 * dossier, every stored file's bytes (hashed at the far end) and the audit chain.
 */
export async function readHubHoldings(input: { dataDir: string; filesDir: string; databaseUrl?: string }): Promise<HubHoldings> {
  const database = await openHubDatabase({ dataDir: path.join(input.dataDir, 'database'), ...(input.databaseUrl ? { url: input.databaseUrl } : {}) });
  try {
    const store = createHubStore(database.db);
    const dossiers: HubHoldings['dossiers'] = new Map();
    for (const id of await store.dossierIds()) {
      const dossier = (await store.dossier(id))!;
      const files = new Map<string, { sha256: string; size: number; storedSha256?: string; storedSize?: number }>();
      for (const file of dossier.files) {
        const stored = file.uploadId && file.storedAt ? path.join(input.filesDir, file.uploadId) : undefined;
        files.set(file.name, { sha256: file.sha256, size: file.size, ...(stored ? { storedSha256: await sha256File(stored), storedSize: (await stat(stored)).size } : {}) });
      }
      dossiers.set(id, { code: dossier.code, delivered: dossier.deliveredAt !== null, files });
    }
    const audit = await database.db.selectFrom('hub_audit').select(['action', 'subject', 'detail']).orderBy('seq').execute();
    const auditCounts: HubHoldings['auditCounts'] = new Map();
    const storedCounts = new Map<string, number>();
    for (const entry of audit) {
      const bySubject = auditCounts.get(entry.action) ?? new Map<string, number>();
      bySubject.set(entry.subject, (bySubject.get(entry.subject) ?? 0) + 1);
      auditCounts.set(entry.action, bySubject);
      if (entry.action === 'file-stored') {
        const key = `${entry.subject}/${(entry.detail as { name: string }).name}`;
        storedCounts.set(key, (storedCounts.get(key) ?? 0) + 1);
      }
    }
    const chain = await store.verifyAudit();
    return { dossiers, auditCounts, storedCounts, auditBroken: chain.brokenAt !== undefined };
  } finally {
    await database.close();
  }
}

/** Uploads in the files folder that have fewer bytes than they were created for (an upload in flight). */
export async function partialUploads(filesDir: string): Promise<Array<{ id: string; offset: number; size: number }>> {
  const names = await readdir(filesDir).catch(() => [] as string[]);
  const partial: Array<{ id: string; offset: number; size: number }> = [];
  for (const name of names.filter((entry) => entry.endsWith('.json'))) {
    const id = name.slice(0, -'.json'.length);
    try {
      const info = JSON.parse(await readFile(path.join(filesDir, name), 'utf8')) as { size?: number };
      const offset = (await stat(path.join(filesDir, id))).size;
      if (info.size !== undefined && offset > 0 && offset < info.size) partial.push({ id, offset, size: info.size });
    } catch {
      // Being written or removed right now.
    }
  }
  return partial;
}
