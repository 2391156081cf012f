import type { Kysely } from 'kysely';
import type { HubTables } from '../database/HubTables';
import type { Procedure } from '../../../preload/shared/domain/catalog/procedure';
import { createPortalConnector } from './createPortalConnector';
import type { PortalConnection } from './createPortalSettingsStore';
import { parsePortalCatalogList, parsePortalProcedure } from './parsePortalCatalog';

export type PortalCatalogPull =
  | { replaced: true; procedures: number; pulledAt: string }
  | { replaced: false; procedures: number; errors: string[]; pulledAt: string };

/** More row errors than this are counted, not listed. */
const MAX_LISTED_ERRORS = 200;

/**
 * The procedure catalog the hub keeps from the national portal. A pull asks `LayDanhSachTTHC`,
 * then `LayThuTuc` for each code, checks every row, and replaces the kept catalog in one
 * transaction only when all rows are valid and the portal answered every call; otherwise the kept
 * catalog stays as it was and the row errors (Vietnamese) are reported and recorded.
 */
export function createPortalCatalog(db: Kysely<HubTables>, connection: () => Promise<PortalConnection | undefined>) {
  const record = async (replaced: boolean, procedures: number, errors: string[]) => {
    const row = await db.insertInto('portal_catalog_pulls').values({ replaced, procedures, errors: JSON.stringify(errors) }).returning('pulled_at').executeTakeFirstOrThrow();
    return row.pulled_at.toISOString();
  };

  return {
    async pull(signal?: AbortSignal): Promise<PortalCatalogPull> {
      const current = await connection();
      if (!current) {
        const errors = ['Chưa cấu hình kết nối Cổng DVC quốc gia (hub portal config …).'];
        return { replaced: false, procedures: 0, errors, pulledAt: await record(false, 0, errors) };
      }
      const connector = createPortalConnector({ settings: current.settings, password: current.password });
      const madonvi = current.settings.madonvi;
      const fail = async (errors: string[], procedures = 0): Promise<PortalCatalogPull> => {
        const listed = errors.length > MAX_LISTED_ERRORS ? [...errors.slice(0, MAX_LISTED_ERRORS), `… và ${errors.length - MAX_LISTED_ERRORS} lỗi khác`] : errors;
        return { replaced: false, procedures, errors: listed, pulledAt: await record(false, procedures, listed) };
      };

      const listed = await connector.call('LayDanhSachTTHC', {}, madonvi, signal);
      if (listed.kind !== 'ok') return fail([`LayDanhSachTTHC: ${listed.reason}`]);
      const codes = parsePortalCatalogList(listed.body);
      if (!codes.ok) return fail(codes.errors);
      if (codes.codes.length === 0) return fail(['Cổng trả về danh sách TTHC rỗng: giữ nguyên danh mục hiện có.']);

      const procedures: Procedure[] = [];
      const errors: string[] = [];
      for (const code of codes.codes) {
        const reply = await connector.call('LayThuTuc', { maTTHC: code }, madonvi, signal);
        if (reply.kind !== 'ok') {
          errors.push(`Thủ tục ${code}: LayThuTuc: ${reply.reason}`);
          continue;
        }
        const row = parsePortalProcedure(code, reply.body);
        if (row.ok) procedures.push(row.procedure);
        else errors.push(...row.errors);
      }
      if (errors.length > 0) return fail(errors, codes.codes.length);

      const pulledAt = new Date();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('portal_catalog').execute();
        for (let index = 0; index < procedures.length; index += 200) {
          await trx
            .insertInto('portal_catalog')
            .values(procedures.slice(index, index + 200).map((procedure) => ({ code: procedure.code, procedure: JSON.stringify(procedure), pulled_at: pulledAt })))
            .execute();
        }
      });
      await record(true, procedures.length, []);
      return { replaced: true, procedures: procedures.length, pulledAt: pulledAt.toISOString() };
    },

    /** The kept catalog, by code, with when it was pulled (null before the first pull). */
    async read(): Promise<{ pulledAt: string | null; procedures: Procedure[] }> {
      const rows = await db.selectFrom('portal_catalog').select(['procedure', 'pulled_at']).orderBy('code').execute();
      return { pulledAt: rows[0]?.pulled_at.toISOString() ?? null, procedures: rows.map((row) => (typeof row.procedure === 'string' ? JSON.parse(row.procedure) : row.procedure) as Procedure) };
    },
  };
}

export type PortalCatalog = ReturnType<typeof createPortalCatalog>;
