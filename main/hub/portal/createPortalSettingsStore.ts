import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { HubTables } from '../database/HubTables';
import type { SecretCipher } from '../../secrets/SecretCipher';
import { appendHubAudit } from '../appendHubAudit';
import { HubFailure } from '../HubFailure';
import { requeueHeldRows, type HeldRowFilter } from './createPortalOutbox';
import { portalSettingsOf, type PortalAgencyInput, type PortalProcedureInput, type PortalSettings, type PortalSettingsInput } from './PortalSettings';

/** The connector's settings with its secrets opened, and when they last changed (so the relay knows to start over). */
export interface PortalConnection {
  settings: PortalSettings;
  password: string;
  linkKey: Buffer;
  updatedAt: Date;
}

export interface PortalProcedureMapping extends PortalProcedureInput {
  localCode: string;
}

export interface PortalAgencyMapping {
  agencyCode: string;
  madonvi: string;
  name: string | null;
}

/**
 * The portal connector's settings and the administrator's mapping tables. The password and the
 * link-signing key are sealed with the hub's own key (a 0600 key file beside its data), so the
 * database alone, or a copy of it, does not give them away. Each change is audited (never with a
 * secret) and puts back in the queue the held rows it may have put right.
 */
export function createPortalSettingsStore(db: Kysely<HubTables>, cipher: SecretCipher) {
  const seal = (value: Buffer | string) => cipher.encryptString(typeof value === 'string' ? value : value.toString('base64')).toString('base64');
  const open = (sealed: string) => cipher.decryptString(Buffer.from(sealed, 'base64'));

  return {
    /** Sets the connector's settings; a password left out keeps the stored one; the link key is made once and kept. */
    async configure(input: PortalSettingsInput, actor = 'admin'): Promise<PortalSettings> {
      const { password, ...rest } = input;
      const settings = portalSettingsOf(rest);
      await db.transaction().execute(async (trx) => {
        const known = await trx.selectFrom('portal_config').select(['password_sealed', 'link_key_sealed']).where('id', '=', 1).forUpdate().executeTakeFirst();
        if (!known && !password) throw new HubFailure('hub-portal-password', 'Cần mật khẩu tài khoản kết nối Cổng DVC quốc gia.', 'no password stored yet', 400);
        const values = {
          settings: JSON.stringify(settings),
          password_sealed: password ? seal(password) : known!.password_sealed,
          link_key_sealed: known?.link_key_sealed ?? seal(randomBytes(32)),
          updated_at: new Date(),
        };
        await trx.insertInto('portal_config').values({ id: 1, ...values }).onConflict((conflict) => conflict.column('id').doUpdateSet(values)).execute();
        await appendHubAudit(trx, actor, 'portal-configure', 'portal', { ...settings, passwordChanged: password !== undefined });
        await requeueHeldRows(trx, { all: true }, actor);
      });
      return settings;
    },

    /** The settings with secrets opened, or undefined while the portal is not configured. */
    async connection(): Promise<PortalConnection | undefined> {
      const row = await db.selectFrom('portal_config').selectAll().where('id', '=', 1).executeTakeFirst();
      if (!row) return undefined;
      let password: string;
      let linkKey: Buffer;
      try {
        password = open(row.password_sealed);
        linkKey = Buffer.from(open(row.link_key_sealed), 'base64');
      } catch (error) {
        throw new HubFailure('hub-portal-secret', 'Không mở được mật khẩu kết nối Cổng DVC quốc gia bằng khóa của máy chủ (tệp hub-secret.key đã đổi?). Hãy cấu hình lại: hub portal configure.', (error as Error).message, 500);
      }
      return { settings: row.settings as PortalSettings, password, linkKey, updatedAt: row.updated_at };
    },

    /** The settings as an administrator may see them (no secret). */
    async publicSettings(): Promise<(PortalSettings & { updatedAt: string }) | undefined> {
      const row = await db.selectFrom('portal_config').select(['settings', 'updated_at']).where('id', '=', 1).executeTakeFirst();
      return row ? { ...(row.settings as PortalSettings), updatedAt: row.updated_at.toISOString() } : undefined;
    },

    async setProcedure(localCode: string, input: PortalProcedureInput, actor = 'admin'): Promise<{ requeued: number }> {
      return db.transaction().execute(async (trx) => {
        const values = { ma_tthc: input.maTTHC, ten_tthc: input.tenTTHC, ma_linh_vuc: input.maLinhVuc, ten_linh_vuc: input.tenLinhVuc, updated_at: new Date() };
        await trx.insertInto('portal_procedures').values({ local_code: localCode, ...values }).onConflict((conflict) => conflict.column('local_code').doUpdateSet(values)).execute();
        await appendHubAudit(trx, actor, 'portal-procedure', localCode, { ...input });
        return { requeued: await requeueHeldRows(trx, { procedureCode: localCode }, actor) };
      });
    },

    async procedures(): Promise<PortalProcedureMapping[]> {
      const rows = await db.selectFrom('portal_procedures').selectAll().orderBy('local_code').execute();
      return rows.map((row) => ({ localCode: row.local_code, maTTHC: row.ma_tthc, tenTTHC: row.ten_tthc, maLinhVuc: row.ma_linh_vuc, tenLinhVuc: row.ten_linh_vuc }));
    },

    async procedure(localCode: string): Promise<PortalProcedureMapping | undefined> {
      const row = await db.selectFrom('portal_procedures').selectAll().where('local_code', '=', localCode).executeTakeFirst();
      return row ? { localCode: row.local_code, maTTHC: row.ma_tthc, tenTTHC: row.ten_tthc, maLinhVuc: row.ma_linh_vuc, tenLinhVuc: row.ten_linh_vuc } : undefined;
    },

    async setStatus(localStatus: number, portalStatus: string, actor = 'admin'): Promise<{ requeued: number }> {
      if (!Number.isInteger(localStatus) || localStatus < 1 || localStatus > 10) throw new HubFailure('hub-portal-status', 'Trạng thái hồ sơ là số từ 1 đến 10.', String(localStatus), 400);
      return db.transaction().execute(async (trx) => {
        const values = { portal_status: portalStatus, updated_at: new Date() };
        await trx.insertInto('portal_statuses').values({ local_status: localStatus, ...values }).onConflict((conflict) => conflict.column('local_status').doUpdateSet(values)).execute();
        await appendHubAudit(trx, actor, 'portal-status', String(localStatus), { portalStatus });
        return { requeued: await requeueHeldRows(trx, { heldCode: 'unmapped-status' }, actor) };
      });
    },

    /** Local status → portal status, as a map (the 1–10 list unless the administrator changed it). */
    async statuses(): Promise<Map<number, string>> {
      const rows = await db.selectFrom('portal_statuses').selectAll().orderBy('local_status').execute();
      return new Map(rows.map((row) => [row.local_status, row.portal_status]));
    },

    async setAgency(agencyCode: string, input: PortalAgencyInput, actor = 'admin'): Promise<{ requeued: number }> {
      return db.transaction().execute(async (trx) => {
        const values = { madonvi: input.madonvi, name: input.name ?? null, updated_at: new Date() };
        await trx.insertInto('portal_agencies').values({ agency_code: agencyCode, ...values }).onConflict((conflict) => conflict.column('agency_code').doUpdateSet(values)).execute();
        await appendHubAudit(trx, actor, 'portal-agency', agencyCode, { ...input });
        return { requeued: await requeueHeldRows(trx, { agencyCode }, actor) };
      });
    },

    async agencies(): Promise<PortalAgencyMapping[]> {
      const rows = await db.selectFrom('portal_agencies').selectAll().orderBy('agency_code').execute();
      return rows.map((row) => ({ agencyCode: row.agency_code, madonvi: row.madonvi, name: row.name }));
    },

    async agency(agencyCode: string): Promise<PortalAgencyMapping | undefined> {
      const row = await db.selectFrom('portal_agencies').selectAll().where('agency_code', '=', agencyCode).executeTakeFirst();
      return row ? { agencyCode: row.agency_code, madonvi: row.madonvi, name: row.name } : undefined;
    },

    /** An administrator's "send again" for held rows (one, or all). */
    async requeue(filter: HeldRowFilter, actor = 'admin'): Promise<{ requeued: number }> {
      return db.transaction().execute(async (trx) => ({ requeued: await requeueHeldRows(trx, filter, actor) }));
    },
  };
}

export type PortalSettingsStore = ReturnType<typeof createPortalSettingsStore>;
