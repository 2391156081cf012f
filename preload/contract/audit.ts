import { z } from 'zod';
import { defineService } from './defineService';

/** What checking an export of the audit chain found. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Entries in the export. */
  count: z.number().int().nonnegative(),
  /** Vietnamese summary for the officer: valid, or which entry was touched. */
  message: z.string(),
  /** Sequence number of the first entry that failed, when one did. */
  failedSeq: z.number().int().optional(),
  problem: z.string().optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditExportResult = z.object({
  /** Where main wrote the JSON Lines export. */
  path: z.string(),
  verification: AuditVerification,
});
export type AuditExportResult = z.infer<typeof AuditExportResult>;

/** Audit exports are JSON Lines; a desk's log of several years stays well under this. */
const MAX_EXPORT_CHARS = 256 * 1024 * 1024;

export const auditService = defineService(
  'audit',
  {
    /**
     * Verifies an export of the renderer's audit chain, writes it to `<dataDir>/audit-exports`, and
     * records its head as an anchor so a later export with a cut-off tail is caught.
     */
    saveExport: { args: z.tuple([z.string().min(1).max(MAX_EXPORT_CHARS)]), result: AuditExportResult },
    /** Verifies an export without storing it. */
    verifyExport: { args: z.tuple([z.string().min(1).max(MAX_EXPORT_CHARS)]), result: AuditVerification },
  },
  {},
);
