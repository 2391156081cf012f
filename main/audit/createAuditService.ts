import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskServices } from '../../preload/contract';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { recordAnchor, verifyAuditExport } from './verifyAuditExport';

export interface AuditServiceOptions {
  dataDir: string;
  now?: () => Date;
}

/**
 * Main's side of the audit log: the chain lives in the renderer's IndexedDB, exports of it are
 * checked here with the same chain code, kept as files, and anchored in main's data folder.
 */
export function createAuditService(options: AuditServiceOptions): DeskServices['audit'] {
  const now = options.now ?? (() => new Date());
  return {
    async verifyExport(text) {
      return (await verifyAuditExport(text, options.dataDir)).verification;
    },
    async saveExport(text) {
      const { verification, entries } = await verifyAuditExport(text, options.dataDir);
      if (verification.problem === 'unreadable') throw new DeskFailure('audit-export-unreadable', verification.message);
      const at = now();
      const folder = path.join(options.dataDir, 'audit-exports');
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, `nhat-ky-kiem-tra-${at.toISOString().replace(/[:.]/g, '-')}.jsonl`);
      // A broken chain is still written (it is evidence), but only a verified head becomes an anchor.
      await writeFile(file, text, { mode: 0o600, flag: 'wx' });
      if (verification.ok) await recordAnchor(options.dataDir, entries, at.getTime());
      return { path: file, verification };
    },
  };
}
