import { z } from 'zod';

const HttpUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), { message: 'http:// or https:// only' })
  .transform((value) => value.replace(/\/+$/, ''));
const Endpoint = z.string().trim().min(1).max(300);

/**
 * What the administrator gives the portal connector. The names follow the public client's
 * configuration (`adapter_url`, `auth_endpoint`, `integration_endpoint`, `username`, `password`,
 * `madonvi`, `dstcode`: OpenCPS v2 `DVCQGIntegrationActionImpl.getAccessToken`/`syncData`). The
 * rest is ours: `publicUrl` is the hub's address as the portal reaches it (file links),
 * `agencyName` the default DonViXuLy, and the relay's timing. Defaults: 6 s per call (one public
 * client's read timeout), a session renewed after 10 minutes (one public client caches it that
 * long), retries from 5 s doubling to 10 minutes, links valid 7 days.
 */
export const PortalSettingsInput = z
  .object({
    adapterUrl: HttpUrl,
    authEndpoint: Endpoint,
    integrationEndpoint: Endpoint,
    username: z.string().min(1).max(200),
    /** Left out to keep the one already stored. */
    password: z.string().min(1).max(500).optional(),
    madonvi: z.string().trim().min(1).max(60),
    dstcode: z.string().trim().min(1).max(100).optional(),
    publicUrl: HttpUrl.optional(),
    agencyName: z.string().trim().min(1).max(300).optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
    sessionTtlMs: z.number().int().min(1_000).max(24 * 3_600_000).optional(),
    retryBaseMs: z.number().int().min(10).max(3_600_000).optional(),
    retryMaxMs: z.number().int().min(10).max(24 * 3_600_000).optional(),
    linkTtlHours: z.number().min(0.001).max(24 * 90).optional(),
  })
  .strict();
export type PortalSettingsInput = z.infer<typeof PortalSettingsInput>;

/** The settings as the relay uses them: every default filled in, the password apart. */
export interface PortalSettings {
  adapterUrl: string;
  authEndpoint: string;
  integrationEndpoint: string;
  username: string;
  madonvi: string;
  dstcode?: string;
  publicUrl?: string;
  agencyName?: string;
  timeoutMs: number;
  sessionTtlMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  linkTtlHours: number;
}

export const PORTAL_DEFAULTS = { timeoutMs: 6_000, sessionTtlMs: 10 * 60_000, retryBaseMs: 5_000, retryMaxMs: 10 * 60_000, linkTtlHours: 7 * 24 } as const;

/** The input with its defaults, without the password (which is sealed apart). */
export function portalSettingsOf(input: Omit<PortalSettingsInput, 'password'>): PortalSettings {
  return {
    adapterUrl: input.adapterUrl,
    authEndpoint: input.authEndpoint,
    integrationEndpoint: input.integrationEndpoint,
    username: input.username,
    madonvi: input.madonvi,
    ...(input.dstcode ? { dstcode: input.dstcode } : {}),
    ...(input.publicUrl ? { publicUrl: input.publicUrl } : {}),
    ...(input.agencyName ? { agencyName: input.agencyName } : {}),
    timeoutMs: input.timeoutMs ?? PORTAL_DEFAULTS.timeoutMs,
    sessionTtlMs: input.sessionTtlMs ?? PORTAL_DEFAULTS.sessionTtlMs,
    retryBaseMs: input.retryBaseMs ?? PORTAL_DEFAULTS.retryBaseMs,
    retryMaxMs: Math.max(input.retryMaxMs ?? PORTAL_DEFAULTS.retryMaxMs, input.retryBaseMs ?? PORTAL_DEFAULTS.retryBaseMs),
    linkTtlHours: input.linkTtlHours ?? PORTAL_DEFAULTS.linkTtlHours,
  };
}

/** A procedure mapping: the portal's code and names for a local procedure code. */
export const PortalProcedureInput = z
  .object({
    maTTHC: z.string().trim().min(1).max(100),
    tenTTHC: z.string().trim().min(1).max(1000),
    maLinhVuc: z.string().trim().min(1).max(100),
    tenLinhVuc: z.string().trim().min(1).max(1000),
  })
  .strict();
export type PortalProcedureInput = z.infer<typeof PortalProcedureInput>;

export const PortalStatusInput = z.object({ portalStatus: z.string().trim().min(1).max(20) }).strict();

export const PortalAgencyInput = z.object({ madonvi: z.string().trim().min(1).max(60), name: z.string().trim().min(1).max(300).optional() }).strict();
export type PortalAgencyInput = z.infer<typeof PortalAgencyInput>;
