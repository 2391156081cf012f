import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openHubDatabase, type HubDatabase } from '../hub/database/openHubDatabase';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/** Written while the hub runs, readable by its owner only: how the admin commands reach it. */
export const ADMIN_FILE = 'hub-admin.json';

export interface AdminFile {
  pid: number;
  url: string;
  token: string;
}

export function hubDataDir(value: string | undefined): string {
  return path.resolve(value ?? process.env.MOTCUA_HUB_DIR ?? path.join(os.homedir(), '.mot-cua-hub'));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The admin file of the hub running on `dataDir`, if one runs. */
export async function runningHub(dataDir: string): Promise<AdminFile | undefined> {
  try {
    const admin = JSON.parse(await readFile(path.join(dataDir, ADMIN_FILE), 'utf8')) as AdminFile;
    return isAlive(admin.pid) ? admin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs an administrator's action through the running hub (the embedded database is open in one
 * process only), or on the database itself when no hub runs.
 */
export async function administer<T>(values: { data?: string; database?: string }, viaHub: (admin: AdminFile) => Promise<T>, direct: (database: HubDatabase, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = hubDataDir(values.data);
  const admin = await runningHub(dataDir);
  if (admin) return viaHub(admin);
  const database = await openHubDatabase({ dataDir: path.join(dataDir, 'database'), ...(values.database ? { url: values.database } : {}) });
  try {
    return await direct(database, dataDir);
  } finally {
    await database.close();
  }
}

/** One call of the running hub's admin API; a refusal becomes a DeskFailure with the hub's Vietnamese message. */
export async function adminCall<T>(admin: AdminFile, method: string, route: string, body?: unknown): Promise<T> {
  const reply = await fetch(`${admin.url}/api/v1/admin/${route}`, {
    method,
    headers: { Authorization: `Bearer ${admin.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await reply.json()) as T & { message?: string; error?: string; detail?: unknown };
  if (!reply.ok) throw new DeskFailure('hub-admin', json.message ?? `Máy chủ văn phòng từ chối: ${json.error ?? reply.status}`, `HTTP ${reply.status}${json.detail ? ` ${JSON.stringify(json.detail)}` : ''}`);
  return json;
}
