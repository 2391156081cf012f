import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeskDatabase } from '../../../renderer/db/database';
import type { Dossier, Procedure } from '../../../renderer/db/types';
import { replaceCatalogFromHub } from '../../../renderer/operations/catalog/replaceCatalogFromHub';
import type { HubCatalog, Result } from '../../../preload/contract';

const local = (code: string, name: string): Procedure => ({ code, name, field: 'Hộ tịch', agency: 'UBND cấp xã', processingDays: 5, components: [], source: 'sample' });
const fromPortal = (code: string, name: string) => ({ code, name, field: 'Hộ tịch', agency: 'UBND cấp xã', processingDays: 3, fee: 'Không', feeAmount: 0, components: [{ id: `${code}#1`, name: 'Tờ khai', form: 'original', copies: 1, required: true }], results: ['Giấy khai sinh'] });
const answer = (procedures: unknown[], pulledAt: string | null = '2026-12-03T09:00:00.000Z') => async (): Promise<Result<HubCatalog>> => ({ ok: true, value: { pulledAt, procedures } });

describe('replacing the desk catalog with the hub’s', () => {
  it('replaces nothing when one row is malformed, lists it in Vietnamese; then replaces, keeping only what a dossier uses', async () => {
    const db = new DeskDatabase(`catalog-${crypto.randomUUID()}`);
    await db.procedures.bulkPut([local('1.001612', 'Tên cũ'), local('1.014392.H38', 'Dùng trong hồ sơ'), local('2.000012', 'Không còn dùng')]);
    await db.dossiers.put({ id: 'd1', code: '000.00.16.H27-261203-0001', procedureCode: '1.014392.H38' } as unknown as Dossier);
    const before = await db.procedures.orderBy('code').toArray();

    const refused = await replaceCatalogFromHub(db, answer([fromPortal('1.001612', 'Đăng ký khai sinh'), { ...fromPortal('2.000908', ''), processingDays: -1 }]));
    expect(refused.replaced).toBe(false);
    expect(refused.replaced ? [] : refused.errors).toEqual([expect.stringMatching(/^Dòng 2: name: Tên thủ tục không được để trống; processingDays: /)]);
    expect(await replaceCatalogFromHub(db, answer([], null))).toEqual({ replaced: false, errors: [expect.stringContaining('chưa có danh mục thủ tục từ Cổng')] });
    expect(await replaceCatalogFromHub(db, async () => ({ ok: false, error: { code: 'office-offline', message: 'Không kết nối được máy chủ văn phòng.' } }) as Result<HubCatalog>)).toEqual({ replaced: false, errors: ['Không kết nối được máy chủ văn phòng.'] });
    expect(await db.procedures.orderBy('code').toArray()).toEqual(before);

    const done = await replaceCatalogFromHub(db, answer([fromPortal('1.001612', 'Đăng ký khai sinh'), fromPortal('2.000908', 'Chứng thực')]));
    expect(done).toEqual({ replaced: true, count: 2, kept: 1, pulledAt: '2026-12-03T09:00:00.000Z' });
    const after = await db.procedures.orderBy('code').toArray();
    expect(after.map((procedure) => [procedure.code, procedure.name, procedure.source])).toEqual([
      ['1.001612', 'Đăng ký khai sinh', 'hub:portal:2026-12-03T09:00:00.000Z'],
      ['1.014392.H38', 'Dùng trong hồ sơ', 'sample'],
      ['2.000908', 'Chứng thực', 'hub:portal:2026-12-03T09:00:00.000Z'],
    ]);
    expect(after[0]).toMatchObject({ processingDays: 3, fee: 'Không', feeAmount: 0, results: ['Giấy khai sinh'], components: [{ id: '1.001612#1', name: 'Tờ khai', form: 'original', copies: 1, required: true }] });
    db.close();
  });
});
