import { z } from 'zod';
import { defineService } from './defineService';

/** An http(s) origin with an optional path prefix; no credentials in the URL, no query or fragment. */
export const ServerUrl = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'Địa chỉ máy chủ phải bắt đầu bằng https:// (hoặc http://), không chứa tên đăng nhập, mật khẩu hay tham số.');

/** What the office hub told this desk when it enrolled (kept by main beside the server address). */
export const DeskEnrolmentSchema = z.object({
  deskId: z.string(),
  deskName: z.string(),
  role: z.enum(['desk', 'supervisor']),
  /** The desk's slot at the hub: fixes its reserve of dossier-code numbers. */
  slot: z.number().int().min(1).max(9999),
  /** ISO 8601. */
  enrolledAt: z.string(),
});
export type DeskEnrolment = z.infer<typeof DeskEnrolmentSchema>;

/** An enrolment code as the hub's administrator hands it out: 16 Crockford base32 characters, in groups or not. */
export const EnrolmentCode = z
  .string()
  .max(64)
  .refine((value) => value.toUpperCase().replace(/[\s-]/g, '').length === 16, 'Mã đăng ký gồm 16 ký tự (4 nhóm 4 ký tự), ví dụ 7K2M-QX9D-4HTB-W3NC.');

export const SyncEnrolRequest = z.object({ hubUrl: ServerUrl, code: EnrolmentCode }).strict();
export type SyncEnrolRequest = z.infer<typeof SyncEnrolRequest>;

export const SyncConfigSchema = z.object({
  /** The ministry gateway; null while the desk works offline only. */
  serverUrl: z.string().nullable(),
  /** A token is stored in main's secret store (OS keychain); the value itself is never shown back. */
  hasToken: z.boolean(),
  /** Dossiers uploaded at the same time (1 keeps a thin link usable for the desk). */
  concurrency: z.number().int().min(1).max(8),
  /** Where the token is protected: the OS keychain, or a key file where there is none. */
  protection: z.string(),
  /** Set when the desk enrolled with the office hub at `serverUrl` (its token is the hub's desk token). */
  enrolment: DeskEnrolmentSchema.nullable(),
});
export type SyncConfig = z.infer<typeof SyncConfigSchema>;

export const SyncConfigUpdate = z.object({
  serverUrl: ServerUrl.nullable(),
  /** undefined keeps the stored token, null deletes it. */
  token: z.string().min(1).max(4096).nullable().optional(),
  concurrency: z.number().int().min(1).max(8).optional(),
});
export type SyncConfigUpdate = z.infer<typeof SyncConfigUpdate>;

export const SyncCredentialsSchema = z.object({
  serverUrl: z.string().nullable(),
  token: z.string().nullable(),
  concurrency: z.number().int(),
  enrolment: DeskEnrolmentSchema.nullable(),
});
export type SyncCredentials = z.infer<typeof SyncCredentialsSchema>;

/**
 * Sync configuration: the server address and token live in main (the token in the OS keychain,
 * never in IndexedDB in clear); the sync worker in the renderer asks for them when it starts.
 * The server's origin is also what the app's Content-Security-Policy lets the page connect to.
 */
export const syncService = defineService(
  'sync',
  {
    getConfig: { args: z.tuple([]), result: SyncConfigSchema },
    setConfig: { args: z.tuple([SyncConfigUpdate]), result: SyncConfigSchema },
    credentials: { args: z.tuple([]), result: SyncCredentialsSchema },
    /** Enrols this desk with the office hub: one-use code in, the desk's own token into the secret store. */
    enrol: { args: z.tuple([SyncEnrolRequest]), result: SyncConfigSchema },
  },
  {
    /** The configuration changed (here or in another window): restart the sync worker. */
    configChanged: SyncConfigSchema,
  },
);
