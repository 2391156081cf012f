import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { vi } from 'vitest';
import { startHub, type Hub, type HubOptions } from '../../../main/hub/startHub';
import { hubPortalCommand } from '../../../main/cli/hubPortalCommand';
import type { PortalSettingsInput } from '../../../main/hub/portal/PortalSettings';
import { startPortalReplica, type PortalReplica, type PortalReplicaOptions } from './startPortalReplica';

/** The portal's catalogue as the replica knows it (MaTTHC → names), and the local codes mapped onto it. */
export const CATALOG = {
  '1.001612': { TENTTHC: 'Đăng ký khai sinh', MALINHVUC: 'HT', TENLINHVUC: 'Hộ tịch' },
  '2.000908': { TENTTHC: 'Chứng thực bản sao từ bản chính', MALINHVUC: 'CT', TENLINHVUC: 'Chứng thực' },
};
export const PROCEDURES = {
  '1.004366': { maTTHC: '1.001612', tenTTHC: 'Đăng ký khai sinh', maLinhVuc: 'HT', tenLinhVuc: 'Hộ tịch' },
  '2.000012': { maTTHC: '2.000908', tenTTHC: 'Chứng thực bản sao từ bản chính', maLinhVuc: 'CT', tenLinhVuc: 'Chứng thực' },
};
export const AGENCY = { code: '000.00.16.H27', madonvi: '000.00.16.H27', name: 'UBND phường Hàng Bạc' };
export const OTHER_AGENCY = { code: '000.00.17.H27', madonvi: '000.00.17.H27', name: 'UBND phường Hàng Đào' };

/** Short timings, so retries and timeouts take milliseconds in tests; the defaults are checked in the unit tests. */
export const FAST = { timeoutMs: 800, retryBaseMs: 40, retryMaxMs: 250, sessionTtlMs: 60_000 } as const;

export function portalSettingsFor(replica: PortalReplica, extra: Partial<PortalSettingsInput> = {}): PortalSettingsInput {
  return {
    adapterUrl: replica.url,
    authEndpoint: replica.authEndpoint,
    integrationEndpoint: replica.integrationEndpoint,
    username: replica.username,
    password: replica.password,
    madonvi: AGENCY.madonvi,
    ...FAST,
    ...extra,
  };
}

export interface PortalOffice {
  hub: Hub;
  dataDir: string;
  replica: PortalReplica;
  adminToken: string;
  desks: { a: { token: string; id: string }; b: { token: string; id: string }; supervisor: { token: string; id: string } };
  /** An administrator's call through the hub's admin API (as `hub portal …` makes it). */
  admin(method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A hub with two desks and a supervisor, a portal replica beside it, nothing configured yet. */
export async function startPortalOffice(options: HubOptions, replicaOptions: PortalReplicaOptions = {}): Promise<PortalOffice> {
  const replica = await startPortalReplica({ catalog: CATALOG, madonvi: [AGENCY.madonvi, OTHER_AGENCY.madonvi], ...replicaOptions });
  const adminToken = 'admin-token-for-portal-tests-0123456789';
  const hub = await startHub({ ...options, adminToken, rateLimit: { ratePerSecond: 10_000, burst: 10_000 }, portalRelay: { pollMs: 40 } });
  // As `npm run cli -- hub` leaves it, so `hub portal …` run in this process reaches this hub.
  await writeFile(path.join(options.dataDir, 'hub-admin.json'), JSON.stringify({ pid: process.pid, url: hub.url, token: adminToken }), { mode: 0o600 });
  const enrol = async (deskName: string, role: 'desk' | 'supervisor') => {
    const { desk, token } = await hub.store.redeemEnrolmentCode((await hub.store.createEnrolmentCode({ deskName, role })).code);
    return { token, id: desk.id };
  };
  const desks = { a: await enrol('Bàn 1', 'desk'), b: await enrol('Bàn 2', 'desk'), supervisor: await enrol('Bàn lãnh đạo', 'supervisor') };
  return {
    hub,
    dataDir: options.dataDir,
    replica,
    adminToken,
    desks,
    async admin(method, route, body) {
      const reply = await fetch(`${hub.url}/api/v1/admin/portal/${route}`, {
        method,
        headers: { Authorization: `Bearer ${adminToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
    },
    async close() {
      await hub.close();
      await replica.close();
    },
  };
}

/** Waits for `condition` (polled every 20 ms), failing with `what` (and what `explain` says) after `timeoutMs`. */
export async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 15_000, explain?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain ? `: ${JSON.stringify(await explain(), null, 1)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The outbox rows as the hub holds them, oldest first. */
export async function outboxRows(hub: Hub) {
  return hub.database.db.selectFrom('portal_outbox').selectAll().orderBy('id').execute();
}

/** `npm run cli -- hub portal <args>` in this process, against the office's hub: its exit code and what it printed. */
export async function hubPortalCli(office: PortalOffice, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await hubPortalCommand([...args, '--data', office.dataDir]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
