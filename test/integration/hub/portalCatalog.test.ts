/**
 * The procedure catalog from the national portal, against the portal replica answering
 * LayDanhSachTTHC / LayThuTuc from a fixture: `hub portal catalog` pulls it, the hub keeps it in
 * the desk's catalog format and a desk reads it with its token; a pull with one malformed row
 * lists the row errors in Vietnamese and replaces nothing. On both of the hub's databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHubDatabases } from '../../support/hub/useHubDatabases';
import { PORTAL_PROCEDURE_DETAILS } from '../../support/portal/portalCatalogFixture';
import { hubPortalCli, portalSettingsFor, startPortalOffice, type PortalOffice } from '../../support/portal/portalOffice';

const { hubOptions } = useHubDatabases('catalog');

async function deskCatalog(office: PortalOffice, token: string): Promise<{ status: number; body: { pulledAt: string | null; procedures: Array<Record<string, unknown>> } }> {
  const response = await fetch(`${office.hub.url}/api/v1/catalog`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as never };
}

describe.each(['pglite', 'postgres'] as const)('the procedure catalog from the national portal on %s', (kind) => {
  let office: PortalOffice;
  beforeAll(async () => {
    office = await startPortalOffice(await hubOptions(kind), { procedureDetails: structuredClone(PORTAL_PROCEDURE_DETAILS) });
  });
  afterAll(async () => {
    await office?.close();
  });

  it('pulls every procedure into the desk format, field by field; a malformed row is reported and nothing is replaced', async () => {
    const { replica, desks } = office;
    expect((await deskCatalog(office, desks.a.token)).body).toEqual({ pulledAt: null, procedures: [] });
    expect((await office.admin('PUT', 'config', portalSettingsFor(replica))).status).toBe(200);

    const pulled = await hubPortalCli(office, 'catalog');
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('Đã cập nhật danh mục thủ tục từ Cổng DVC quốc gia: 2 thủ tục.');
    expect(replica.callsOf('LayDanhSachTTHC')).toHaveLength(1);
    expect(replica.callsOf('LayThuTuc').map((call) => (call.body as { maTTHC: string; madonvi: string }).maTTHC)).toEqual(['1.001612', '2.000908']);

    const first = await deskCatalog(office, desks.a.token);
    expect(first.status).toBe(200);
    expect(first.body.pulledAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(first.body.procedures.map((procedure) => procedure.code)).toEqual(['1.001612', '2.000908']);
    expect(first.body.procedures[0]).toEqual({
      code: '1.001612',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      agency: 'UBND cấp xã',
      processingDays: 3,
      fee: 'Lệ phí đăng ký khai sinh quá hạn: 8.000 đồng; Phí cấp bản sao trích lục: 5.000 đồng',
      feeAmount: 13_000,
      components: [
        { id: '1.001612#1', name: 'Tờ khai đăng ký khai sinh', form: 'original', copies: 1, required: true, note: 'Bản chính: 1, bản sao: 0' },
        { id: '1.001612#2', name: 'Giấy chứng sinh', form: 'original', copies: 1, required: true, note: 'Bản chính: 1, bản sao: 1' },
        { id: '1.001612#3', name: 'Căn cước của người đi đăng ký', form: 'copy', copies: 2, required: true, note: 'Bản chính: 0, bản sao: 2' },
      ],
      results: ['Giấy khai sinh (bản chính)', 'Trích lục khai sinh (bản sao)'],
      source: 'Cổng DVC quốc gia (LayThuTuc 1.001612)',
    });
    expect(first.body.procedures[1]).toMatchObject({ processingDays: 0.5, fee: 'Phí chứng thực: 2.000 đồng/trang', feeAmount: 2_000 });
    // Every enrolled desk reads it; without a token, nothing.
    expect((await deskCatalog(office, desks.supervisor.token)).body).toEqual(first.body);
    expect((await fetch(`${office.hub.url}/api/v1/catalog`)).status).toBe(401);

    // The portal now has a new procedure and one malformed row: nothing is replaced.
    const broken = structuredClone(PORTAL_PROCEDURE_DETAILS['2.000908']) as Record<string, unknown>;
    (broken.THANHPHANHOSO as Array<{ GIAYTO: Array<Record<string, unknown>> }>)[0]!.GIAYTO[0]!.SOBANCHINH = 'một';
    (broken.CACHTHUCTHUCHIEN as Array<{ THOIGIAN: Array<Record<string, unknown>> }>)[0]!.THOIGIAN[0]!.DONVITINH = 'Tháng';
    replica.procedureDetails.set('2.000908', broken);
    replica.procedureDetails.set('1.000105', { ...structuredClone(PORTAL_PROCEDURE_DETAILS['1.001612']), MATTHC: '1.000105', TENTTHC: 'Đăng ký kết hôn' });
    const refused = await hubPortalCli(office, 'catalog');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('Không thay đổi danh mục thủ tục: 2 lỗi.');
    expect(refused.stderr).toContain('Thủ tục 2.000908: đơn vị thời gian "Tháng" không quy đổi được ra ngày làm việc');
    expect(refused.stderr).toContain('Thủ tục 2.000908: giấy tờ thứ 1 của trường hợp 1: số bản chính "một" không phải số từ 0 đến 99');
    expect(await deskCatalog(office, desks.a.token)).toEqual(first);
    const pulls = await office.hub.database.db.selectFrom('portal_catalog_pulls').select(['replaced', 'procedures', 'errors']).orderBy('id').execute();
    expect(pulls.map((pull) => [pull.replaced, pull.procedures, pull.errors.length])).toEqual([
      [true, 2, 0],
      [false, 3, 2],
    ]);
  }, 30_000);
});
