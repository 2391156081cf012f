/**
 * The hub's relay to the national portal (Cổng DVC quốc gia) against a replica of the portal's
 * interface, on both of the hub's databases: desks deliver dossiers, the relay sends each one to
 * the portal once with every field as the dossier says, then each recorded status change in
 * order; the portal fetches every submitted file through the hub's signed links and gets the
 * desk's bytes; a tampered or expired link is refused.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHubDatabases } from '../../support/hub/useHubDatabases';
import { deliverToHub, type HubDelivery } from '../../support/hub/deliverToHub';
import { AGENCY, FAST, OTHER_AGENCY, PROCEDURES, hubPortalCli, outboxRows, portalSettingsFor, startPortalOffice, until, type PortalOffice } from '../../support/portal/portalOffice';

const { hubOptions } = useHubDatabases('portal');
const uuid = (n: number) => `5b1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DUE = '20261231170000';

/** The DongBoHoSoMC item the portal should hold for a delivery, written out field by field from the dossier. */
function expectedItem(delivery: HubDelivery, procedure: { maTTHC: string; tenTTHC: string; maLinhVuc: string; tenLinhVuc: string }, agencyName: string, status: string, processedAt = '') {
  return {
    MaHoSo: delivery.metadata.code,
    MaTTHC: procedure.maTTHC,
    TenTTHC: procedure.tenTTHC,
    MaLinhVuc: procedure.maLinhVuc,
    TenLinhVuc: procedure.tenLinhVuc,
    KenhThucHien: '1',
    ChuHoSo: delivery.metadata.applicant.fullName,
    LoaiDoiTuong: '1',
    MaDoiTuong: '',
    ThongTinKhac: '',
    Email: '',
    Fax: '',
    SoDienThoai: '',
    TrichYeuHoSo: `${procedure.tenTTHC} – ${delivery.metadata.applicant.fullName}`,
    NgayTiepNhan: delivery.metadata.receivedAt,
    NgayHenTra: DUE,
    TrangThaiHoSo: status,
    NgayTra: '',
    ThongTinTra: '',
    HinhThuc: '0',
    NgayKetThucXuLy: processedAt,
    DonViXuLy: agencyName,
    HoSoCoThanhPhanSoHoa: '1',
    DanhSachGiayToKetQua: [],
    DanhSachLePhi: [],
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: [],
  };
}

// One hub per database for every case (a hub takes seconds to start on a loaded machine); the
// first case configures the portal, the others use it with dossiers of their own.
describe.each(['pglite', 'postgres'] as const)('the relay to the national portal on %s', (kind) => {
  let office: PortalOffice;
  beforeAll(async () => {
    office = await startPortalOffice(await hubOptions(kind));
  });
  afterAll(async () => {
    await office?.close();
  });

  it('sends every dossier once with its fields, then its status changes in order; the portal fetches the exact bytes through signed links', async () => {
    const { hub, replica, desks } = office;
    {
      // The office works before the portal is configured: its rows wait in the outbox.
      const d1 = await deliverToHub(hub, desks.a.token, { id: uuid(1), code: `${AGENCY.code}-261203-0001`, procedureCode: '1.004366', receivedAt: '20261203081500', sizes: [300_000, 40_000], seed: 7 });
      const d2 = await deliverToHub(hub, desks.a.token, { id: uuid(2), code: `${AGENCY.code}-261203-0002`, procedureCode: '2.000012', receivedAt: '20261203093000', sizes: [25_000], seed: 17 });
      const d3 = await deliverToHub(hub, desks.b.token, { id: uuid(3), code: `${OTHER_AGENCY.code}-261203-0051`, procedureCode: '1.004366', receivedAt: '20261203100000', sizes: [60_000], seed: 27 });
      const accepted = await fetch(`${hub.url}/api/v1/office/dossiers/${d1.id}/review`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${desks.supervisor.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ decisionId: crypto.randomUUID(), decision: 'accepted', reviewer: 'Lê Văn Giám' }),
      });
      expect(accepted.status).toBe(201);
      await hub.store.pushStatus({ dossierId: d1.id, status: 4, source: 'Hệ thống giải quyết TTHC', note: 'Chuyển phòng Tư pháp thụ lý' });
      await hub.store.pushStatus({ dossierId: d1.id, status: 9, source: 'Hệ thống giải quyết TTHC' });
      await hub.store.pushStatus({ dossierId: d3.id, status: 4, source: 'Hệ thống giải quyết TTHC' });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(replica.calls).toHaveLength(0);
      const summaryOf = async (token: string) => fetch(`${hub.url}/api/v1/office/portal-relay`, { headers: { Authorization: `Bearer ${token}` } });
      const before = (await (await summaryOf(desks.supervisor.token)).json()) as { waiting: number; held: number; configured: boolean; label: string };
      expect(before).toMatchObject({ configured: false, waiting: 7, held: 0, label: 'Đồng bộ Cổng DVC quốc gia: chờ 7, lỗi 0' });
      expect((await summaryOf(desks.a.token)).status).toBe(403);

      // The administrator maps the procedures and agencies, then configures the connector, through the admin API.
      for (const [local, mapping] of Object.entries(PROCEDURES)) expect((await office.admin('PUT', `procedures/${encodeURIComponent(local)}`, mapping)).status).toBe(200);
      for (const agency of [AGENCY, OTHER_AGENCY]) expect((await office.admin('PUT', `agencies/${encodeURIComponent(agency.code)}`, { madonvi: agency.madonvi, name: agency.name })).status).toBe(200);
      expect((await office.admin('PUT', 'config', portalSettingsFor(replica))).status).toBe(200);
      const config = (await office.admin('GET', 'config')).body as { settings: Record<string, unknown> };
      expect(config.settings).toMatchObject({ adapterUrl: replica.url, username: replica.username, timeoutMs: 800 });
      expect(JSON.stringify(config)).not.toContain(replica.password);
      const stored = await hub.database.db.selectFrom('portal_config').selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(replica.password);

      await until('every row acknowledged', async () => (await hub.portal.summary()).waiting === 0, 15_000, () => hub.portal.summary());
      const after = (await (await summaryOf(desks.supervisor.token)).json()) as { waiting: number; held: number; acknowledged: number; label: string };
      expect(after).toMatchObject({ waiting: 0, held: 0, acknowledged: 7, label: 'Đồng bộ Cổng DVC quốc gia: chờ 0, lỗi 0' });

      // Each dossier reached the portal once, as a first send, with exactly the fields the dossier gives.
      expect(replica.counters.duplicateCreates).toBe(0);
      const sends = replica.callsOf('DongBoHoSoMC');
      expect(sends).toHaveLength(3);
      expect(sends.map((call) => (call.body as { isUpdating: string }).isUpdating)).toEqual(['False', 'False', 'False']);
      // A dossier not on the portal yet was looked up first (the hub had no record of a first send).
      expect(replica.callsOf('TraCuuHoSo').map((call) => (call.body as { mahoso: string }).mahoso).sort()).toEqual([d1, d2, d3].map((d) => d.metadata.code).sort());
      for (const call of replica.calls.filter((entry) => entry.path === '/integration')) {
        expect(call.body).toMatchObject({ session: expect.any(String) });
        const code = ((call.body as { data?: Array<{ MaHoSo: string }>; mahoso?: string }).data?.[0]?.MaHoSo ?? (call.body as { mahoso: string }).mahoso)!;
        expect((call.body as { madonvi: string }).madonvi).toBe(code.startsWith(OTHER_AGENCY.code) ? OTHER_AGENCY.madonvi : AGENCY.madonvi);
      }
      const changes = await hub.database.db.selectFrom('status_changes').selectAll().orderBy('seq').execute();
      const at = (dossierId: string, status: number) => changes.find((change) => change.dossier_id === dossierId && change.status === status && !change.review_state)!.at;
      const cases: Array<[HubDelivery, typeof PROCEDURES['1.004366'], string, string, string]> = [
        [d1, PROCEDURES['1.004366'], AGENCY.name, '9', at(d1.id, 9)],
        [d2, PROCEDURES['2.000012'], AGENCY.name, '2', ''],
        [d3, PROCEDURES['1.004366'], OTHER_AGENCY.name, '4', ''],
      ];
      for (const [delivery, procedure, agencyName, status, processedAt] of cases) {
        const held = replica.dossiers.get(delivery.metadata.code)!;
        expect(held).toMatchObject({ creates: 1, updates: 0 });
        const { TaiLieuNop, ...fields } = held.item as { TaiLieuNop: Array<Record<string, string>> } & Record<string, unknown>;
        expect(fields).toEqual(expectedItem(delivery, procedure, agencyName, status, processedAt));
        expect(TaiLieuNop.map((file) => file.TenTepDinhKem)).toEqual(delivery.files.map((file) => file.name));
        for (const file of TaiLieuNop) {
          expect(Object.keys(file).sort()).toEqual(['DuocLayTuKhoDMQG', 'DuocSoHoa', 'DuocTaiSuDung', 'DuongDanTaiTepTin', 'IsDeleted', 'MaThanhPhanHoSo', 'TenTepDinhKem', 'TepDinhKemId']);
          expect(file).toMatchObject({ IsDeleted: 'False', MaThanhPhanHoSo: '', DuocSoHoa: '1', DuocTaiSuDung: '0', DuocLayTuKhoDMQG: '0', TepDinhKemId: expect.stringMatching(/^[0-9a-f]{32}$/) });
          expect(file.DuongDanTaiTepTin!.startsWith(`${hub.url}/api/v1/portal/files/`)).toBe(true);
        }
        expect(new Set(TaiLieuNop.map((file) => file.TepDinhKemId)).size).toBe(TaiLieuNop.length);

        // The portal fetches each link, outside any desk's token, and gets the desk's very bytes.
        const fetched = await replica.fetchDocuments(delivery.metadata.code);
        expect(fetched.map((file) => [file.name, file.status, file.sha256, file.size])).toEqual(delivery.files.map((file) => [file.name, 200, file.sha256, file.bytes.length]));
      }

      // Every status change followed its dossier, in the order the hub recorded it, with who, when and what.
      const progressOf = (delivery: HubDelivery) => replica.progress.get(delivery.metadata.code) ?? [];
      const review = changes.find((change) => change.dossier_id === d1.id && change.review_state === 'accepted')!;
      const entry = (delivery: HubDelivery, who: string, when: string, what: string, status: string) => ({
        MaHoSo: delivery.metadata.code,
        NguoiXuLy: who,
        ChucDanh: '',
        ThoiDiemXuLy: when,
        PhongBanXuLy: '',
        NoiDungXuLy: what,
        TrangThai: status,
        NgayBatDau: '',
        NgayKetThucTheoQuyDinh: DUE,
      });
      expect(progressOf(d1)).toEqual([
        entry(d1, 'Lê Văn Giám', review.at, 'Kiểm tra bản số hóa: đạt', '2'),
        entry(d1, 'Hệ thống giải quyết TTHC', at(d1.id, 4), 'Chuyển phòng Tư pháp thụ lý', '4'),
        entry(d1, 'Hệ thống giải quyết TTHC', at(d1.id, 9), 'Đã xử lý xong', '9'),
      ]);
      expect(progressOf(d2)).toEqual([]);
      expect(progressOf(d3)).toEqual([entry(d3, 'Hệ thống giải quyết TTHC', at(d3.id, 4), 'Đang xử lý', '4')]);
      expect(replica.counters.progressRepeats).toBe(0);
      // No progress entry reached the portal before its dossier did.
      const firstSend = (code: string) => replica.calls.findIndex((call) => call.service === 'DongBoHoSoMC' && (call.body as { data: Array<{ MaHoSo: string }> }).data[0]!.MaHoSo === code);
      replica.calls.forEach((call, index) => {
        if (call.service === 'CapNhatTienDoHoSoMC') expect(firstSend((call.body as { data: Array<{ MaHoSo: string }> }).data[0]!.MaHoSo)).toBeLessThan(index);
      });

      // A change recorded now follows on its own.
      const live = await hub.store.pushStatus({ dossierId: d2.id, status: 4, source: 'Hệ thống giải quyết TTHC' });
      await until('the new status change at the portal', () => progressOf(d2).length === 1);
      expect(progressOf(d2)).toEqual([entry(d2, 'Hệ thống giải quyết TTHC', live.at, 'Đang xử lý', '4')]);

      // The links: a part resumes with Range; a tampered or expired token, another method, a revision-less guess are refused.
      const link = (replica.dossiers.get(d1.metadata.code)!.item.TaiLieuNop as Array<{ DuongDanTaiTepTin: string }>)[0]!.DuongDanTaiTepTin;
      const part = await fetch(link, { headers: { Range: 'bytes=1000-250999' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe('bytes 1000-250999/300000');
      expect(sha256(Buffer.from(await part.arrayBuffer()))).toBe(sha256(d1.files[0]!.bytes.subarray(1000, 251_000)));
      const token = new URL(link).pathname.split('/')[5]!;
      const flip = (text: string, index: number) => `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;
      for (const tampered of [flip(token, 3), flip(token, token.length - 2), token.slice(0, -1), `${token.split('.')[0]}.${'A'.repeat(43)}`, 'garbage']) {
        const refused = await fetch(`${hub.url}/api/v1/portal/files/${tampered}/x.pdf`);
        expect(refused.status, tampered).toBe(403);
      }
      const file = d1.files[0]!;
      const expired = await hub.portal.fileLink(hub.url, { dossierId: d1.id, name: file.name, sha256: file.sha256, expiresAt: Math.floor(Date.now() / 1000) - 1 });
      const refusedExpired = await fetch(expired);
      expect(refusedExpired.status).toBe(403);
      expect(((await refusedExpired.json()) as { code: string }).code).toBe('hub-portal-link-expired');
      const valid = await hub.portal.fileLink(hub.url, { dossierId: d1.id, name: file.name, sha256: file.sha256, expiresAt: Math.floor(Date.now() / 1000) + 60 });
      expect(sha256(Buffer.from(await (await fetch(valid)).arrayBuffer()))).toBe(file.sha256);
      // A link names its bytes: the same name with other content is not served.
      const other = await hub.portal.fileLink(hub.url, { dossierId: d1.id, name: file.name, sha256: d2.files[0]!.sha256, expiresAt: Math.floor(Date.now() / 1000) + 60 });
      expect((await fetch(other)).status).toBe(404);
      expect((await fetch(link, { method: 'DELETE' })).status).toBe(405);
      expect((await fetch(link, { method: 'HEAD' })).headers.get('content-length')).toBe('300000');

      // Each acknowledgement is in the hub's audit chain, which still verifies.
      const sent = await hub.database.db.selectFrom('hub_audit').select('detail').where('action', '=', 'portal-sent').execute();
      expect(sent).toHaveLength(8);
      expect((await hub.store.verifyAudit()).brokenAt).toBeUndefined();
    }
  });

  it('sends a rescanned revision as an update, its replaced files listed as deleted, after the send-back', async () => {
    const { hub, replica, desks } = office;
    const first = await deliverToHub(hub, desks.a.token, { id: uuid(20), code: `${AGENCY.code}-261204-0001`, procedureCode: '2.000012', receivedAt: '20261204080000', sizes: [20_000, 30_000], seed: 101 });
    await until('the first revision at the portal', () => replica.dossiers.has(first.metadata.code));
    const sentBack = await fetch(`${hub.url}/api/v1/office/dossiers/${first.id}/review`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${desks.supervisor.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ decisionId: crypto.randomUUID(), decision: 'rescan', reason: 'Trang 2 bị mờ, quét lại', reviewer: 'Lê Văn Giám' }),
    });
    expect(sentBack.status).toBe(201);
    const second = await deliverToHub(hub, desks.a.token, { id: first.id, code: first.metadata.code, procedureCode: '2.000012', receivedAt: '20261204080000', sizes: [21_000, 30_000], seed: 901, revision: 2 });
    await until('the second revision at the portal', () => (replica.dossiers.get(first.metadata.code)?.updates ?? 0) === 1);
    const held = replica.dossiers.get(first.metadata.code)!;
    expect(held.creates).toBe(1);
    const files = held.item.TaiLieuNop as Array<{ TenTepDinhKem: string; IsDeleted: string; TepDinhKemId: string }>;
    const firstIds = (held.versions[0]!.TaiLieuNop as Array<{ TepDinhKemId: string }>).map((file) => file.TepDinhKemId);
    expect(files.filter((file) => file.IsDeleted === 'False').map((file) => file.TenTepDinhKem)).toEqual(second.files.map((file) => file.name));
    expect(files.filter((file) => file.IsDeleted === 'True').map((file) => file.TepDinhKemId)).toEqual(firstIds);
    // The send-back went before the new revision, as the hub recorded them.
    expect(replica.progress.get(first.metadata.code)).toMatchObject([{ NoiDungXuLy: 'Yêu cầu số hóa lại: Trang 2 bị mờ, quét lại', NguoiXuLy: 'Lê Văn Giám' }]);
    const order = replica.calls.filter((call) => JSON.stringify(call.body).includes(first.metadata.code) && call.service !== 'TraCuuHoSo').map((call) => `${call.service}:${(call.body as { isUpdating?: string }).isUpdating ?? ''}`);
    expect(order).toEqual(['DongBoHoSoMC:False', 'CapNhatTienDoHoSoMC:', 'DongBoHoSoMC:True']);
    // The portal reads the new bytes, and still the replaced ones (the record of what was sent back).
    const fetched = await replica.fetchDocuments(first.metadata.code);
    expect(fetched.filter((file) => !file.deleted).map((file) => file.sha256)).toEqual(second.files.map((file) => file.sha256));
    expect(fetched.filter((file) => file.deleted).map((file) => file.sha256)).toEqual(first.files.map((file) => file.sha256));
    expect(fetched.every((file) => file.status === 200)).toBe(true);
  });

  it('holds what would go out wrong with its reason, sends it once the administrator fixes the mapping, and lets later rows of the dossier wait', async () => {
    const { hub, replica, desks } = office;
    const summary = async () => (await (await fetch(`${hub.url}/api/v1/office/portal-relay`, { headers: { Authorization: `Bearer ${desks.supervisor.token}` } })).json()) as {
      waiting: number;
      held: number;
      label: string;
      heldReasons: Array<{ code: string; reason: string; count: number }>;
      heldRows: Array<{ dossierCode: string; code: string }>;
    };
    // A procedure nobody mapped: held before anything is sent; its status change waits behind it.
    const unmapped = await deliverToHub(hub, desks.a.token, { id: uuid(30), code: `${AGENCY.code}-261205-0001`, procedureCode: '3.000111', receivedAt: '20261205080000', sizes: [10_000], seed: 301 });
    await hub.store.pushStatus({ dossierId: unmapped.id, status: 4, source: 'Hệ thống giải quyết TTHC' });
    // An agency without its name: the portal refuses the missing DonViXuLy, and says so.
    const nameless = await deliverToHub(hub, desks.b.token, { id: uuid(31), code: '000.00.18.H27-261205-0001', procedureCode: '1.004366', receivedAt: '20261205090000', sizes: [10_000], seed: 311 });
    await until('both held', async () => (await summary()).held === 2, 15_000, summary);
    const held = await summary();
    expect(held).toMatchObject({ waiting: 1, held: 2, label: 'Đồng bộ Cổng DVC quốc gia: chờ 1, lỗi 2' });
    expect(held.heldRows.map((row) => `${row.dossierCode} ${row.code}`).sort()).toEqual([`${unmapped.metadata.code} unmapped-procedure`, '000.00.18.H27-261205-0001 portal-refused']);
    expect(held.heldReasons.find((reason) => reason.code === 'unmapped-procedure')?.reason).toContain('Thủ tục "3.000111" chưa được ánh xạ');
    expect(held.heldReasons.find((reason) => reason.code === 'portal-refused')?.reason).toContain('thiếu trường bắt buộc DonViXuLy');
    // Rows waiting behind a held one do not keep the relay busy: it sleeps until its poll (40 ms here).
    const passes = hub.portal.relay()!.status().passes;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(hub.portal.relay()!.status().passes - passes).toBeLessThan(30);
    // Nothing of the unmapped dossier left the hub.
    expect(JSON.stringify(replica.calls)).not.toContain(unmapped.metadata.code);
    expect(replica.dossiers.has(nameless.metadata.code)).toBe(false);

    // The administrator reads why on the command line, and fixes both there (through the hub's admin API).
    const why = await hubPortalCli(office, 'summary');
    expect(why.code).toBe(0);
    expect(why.stdout).toContain('Đồng bộ Cổng DVC quốc gia: chờ 1, lỗi 2');
    expect(why.stdout).toContain('Thủ tục "3.000111" chưa được ánh xạ');
    expect((await hubPortalCli(office, 'procedure', '--local', '3.000111', '--ma-tthc', '1.001612')).code).toBe(2);
    const p = PROCEDURES['2.000012'];
    const fixProcedure = await hubPortalCli(office, 'procedure', '--local', '3.000111', '--ma-tthc', p.maTTHC, '--ten-tthc', p.tenTTHC, '--ma-linh-vuc', p.maLinhVuc, '--ten-linh-vuc', p.tenLinhVuc);
    expect(fixProcedure.stdout).toContain('Đưa lại vào hàng đợi: 1 mục');
    const fixAgency = await hubPortalCli(office, 'agency', '--agency', '000.00.18.H27', '--madonvi', AGENCY.madonvi, '--name', 'UBND phường Cửa Đông');
    expect(fixAgency.stdout).toContain('Đưa lại vào hàng đợi: 1 mục');
    await until('both sent with the status change after', async () => (await summary()).waiting === 0 && (await summary()).held === 0, 15_000, summary);
    expect(replica.dossiers.get(unmapped.metadata.code)).toMatchObject({ creates: 1, updates: 0, item: { MaTTHC: PROCEDURES['2.000012'].maTTHC } });
    expect(replica.dossiers.get(nameless.metadata.code)).toMatchObject({ creates: 1, updates: 0, item: { DonViXuLy: 'UBND phường Cửa Đông' } });
    expect(replica.progress.get(unmapped.metadata.code)).toMatchObject([{ TrangThai: '4' }]);
    const audit = await hub.database.db.selectFrom('hub_audit').select(['action', 'subject']).where('action', 'in', ['portal-held', 'portal-requeue']).execute();
    expect(audit.filter((entry) => entry.action === 'portal-held').map((entry) => entry.subject).sort()).toEqual([unmapped.id, nameless.id].sort());
    // What the administrator mapped, as `hub portal show` lists it (never the password).
    expect((await hubPortalCli(office, 'status', '--local', '7', '--portal', '7')).stdout).toContain('Trạng thái 7 → 7');
    expect((await hubPortalCli(office, 'status', '--local', '11', '--portal', '7')).code).toBe(1);
    const shown = await hubPortalCli(office, 'show');
    const listed = JSON.parse(shown.stdout) as { settings: { username: string }; procedures: Array<{ localCode: string }>; statuses: Record<string, string>; agencies: Array<{ agencyCode: string }> };
    expect(listed.procedures.map((entry) => entry.localCode)).toEqual(['1.004366', '2.000012', '3.000111']);
    expect(listed.agencies.map((entry) => entry.agencyCode)).toEqual(['000.00.16.H27', '000.00.17.H27', '000.00.18.H27']);
    expect(listed.statuses).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, index) => [String(index + 1), String(index + 1)])));
    expect(shown.stdout).not.toContain(replica.password);
    expect((await hubPortalCli(office, 'requeue')).stdout).toContain('Đã đưa lại vào hàng đợi 0 mục');
  });

  it('survives the portal down, sessions ending mid-batch, answers lost, late or never given, and answers that are not the portal\'s', async () => {
    const { hub, replica, desks } = office;
    const rowOf = async (dossierId: string, kind2: 'dossier' | 'status' = 'dossier') => (await outboxRows(hub)).filter((row) => row.dossier_id === dossierId && row.kind === kind2).at(-1)!;
    const acked = async (dossierId: string) => (await outboxRows(hub)).filter((row) => row.dossier_id === dossierId).every((row) => row.state === 'acknowledged');
    const sendsOf = (code: string) => replica.callsOf('DongBoHoSoMC').filter((call) => (call.body as { data: Array<{ MaHoSo: string }> }).data[0]!.MaHoSo === code).map((call) => (call.body as { isUpdating: string }).isUpdating);

    // The portal down for a while: the row waits, failing with its reason, and goes when it is back.
    await replica.down();
    const whileDown = await deliverToHub(hub, desks.a.token, { id: uuid(40), code: `${AGENCY.code}-261206-0001`, procedureCode: '1.004366', receivedAt: '20261206080000', sizes: [10_000], seed: 401 });
    await until('a few failed tries', async () => (await rowOf(whileDown.id)).attempts >= 3);
    expect((await rowOf(whileDown.id)).state).not.toBe('held');
    expect((await rowOf(whileDown.id)).last_error).toContain('không kết nối được Cổng');
    expect((await hub.portal.summary()).waiting).toBeGreaterThanOrEqual(1);
    await replica.up();
    await until('sent once the portal is back', () => acked(whileDown.id));
    expect(sendsOf(whileDown.metadata.code)).toEqual(['False']);

    // Sessions end in the middle of a batch: the relay logs in again once and goes on.
    const batch = [uuid(1), uuid(2), uuid(3)];
    const loginsBefore = replica.counters.logins;
    replica.fault({ kind: 'none' }, 'CapNhatTienDoHoSoMC');
    replica.fault({ kind: 'expire-sessions' }, 'CapNhatTienDoHoSoMC');
    for (const id of batch) await hub.store.pushStatus({ dossierId: id, status: 5, source: 'Hệ thống giải quyết TTHC', note: 'Bổ sung bản sao giấy chứng sinh' });
    await until('the batch acknowledged', async () => (await Promise.all(batch.map(acked))).every(Boolean));
    expect(replica.counters.logins - loginsBefore).toBe(1);
    for (const id of batch) expect((await rowOf(id, 'status')).attempts).toBe(1);

    // Refused again right after logging in again: the batch ends with the reason, and the row goes later.
    replica.fault({ kind: 'expire-sessions' }, 'CapNhatTienDoHoSoMC', 2);
    const refusedTwice = await hub.store.pushStatus({ dossierId: uuid(1), status: 4, source: 'Hệ thống giải quyết TTHC', note: 'Đã nhận đủ bản bổ sung' });
    await until('sent on a later try', () => acked(uuid(1)));
    const twice = (await outboxRows(hub)).find((row) => row.status_seq === refusedTwice.seq)!;
    expect(twice.attempts).toBe(2);
    expect(twice.last_error).toContain('vẫn từ chối phiên');

    // The answer lost after the portal applied the dossier: the retry finds it (TraCuuHoSo) and updates it.
    replica.fault({ kind: 'drop-after-apply' }, 'DongBoHoSoMC');
    const dropped = await deliverToHub(hub, desks.a.token, { id: uuid(41), code: `${AGENCY.code}-261206-0002`, procedureCode: '1.004366', receivedAt: '20261206090000', sizes: [10_000], seed: 411 });
    await until('the dropped one acknowledged', () => acked(dropped.id));
    expect(sendsOf(dropped.metadata.code)).toEqual(['False', 'True']);
    expect(replica.dossiers.get(dropped.metadata.code)).toMatchObject({ creates: 1, updates: 1 });
    expect((await rowOf(dropped.id)).sent_as_update).toBe(true);

    // An answer later than the timeout (applied meanwhile), then one that never comes (not applied).
    replica.fault({ kind: 'slow', ms: FAST.timeoutMs + 500 }, 'DongBoHoSoMC');
    const late = await deliverToHub(hub, desks.a.token, { id: uuid(42), code: `${AGENCY.code}-261206-0003`, procedureCode: '1.004366', receivedAt: '20261206100000', sizes: [10_000], seed: 421 });
    await until('the late one acknowledged', () => acked(late.id));
    expect(sendsOf(late.metadata.code)).toEqual(['False', 'True']);
    expect(replica.dossiers.get(late.metadata.code)).toMatchObject({ creates: 1, updates: 1 });
    expect((await rowOf(late.id)).last_error).toContain('không trả lời trong 0.8 giây');
    replica.fault({ kind: 'hang', apply: false }, 'DongBoHoSoMC');
    const silent = await deliverToHub(hub, desks.a.token, { id: uuid(43), code: `${AGENCY.code}-261206-0004`, procedureCode: '1.004366', receivedAt: '20261206110000', sizes: [10_000], seed: 431 });
    await until('the unanswered one acknowledged', () => acked(silent.id));
    expect(sendsOf(silent.metadata.code)).toEqual(['False', 'False']);
    expect(replica.dossiers.get(silent.metadata.code)).toMatchObject({ creates: 1, updates: 0 });

    // Answers that are not the portal's JSON: each a failed try with its reason, none held, none lost.
    replica.fault({ kind: 'raw', status: 200, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }, 'DongBoHoSoMC');
    replica.fault({ kind: 'raw', status: 200, contentType: 'application/json', body: '{"error_code":{"value":0},"message":["x"]}' }, 'DongBoHoSoMC');
    replica.fault({ kind: 'raw', status: 200, contentType: 'application/json', body: `{"error_code":"0","message":"${'x'.repeat(2 * 1024 * 1024)}"}` }, 'DongBoHoSoMC');
    const odd = await deliverToHub(hub, desks.a.token, { id: uuid(44), code: `${AGENCY.code}-261206-0005`, procedureCode: '1.004366', receivedAt: '20261206120000', sizes: [10_000], seed: 441 });
    const reasons = new Set<string>();
    await until('the oddly answered one acknowledged', async () => {
      const row = await rowOf(odd.id);
      if (row.last_error) reasons.add(row.last_error);
      return row.state === 'acknowledged';
    });
    expect((await rowOf(odd.id)).attempts).toBe(4);
    expect([...reasons].join('\n')).toContain('quá lớn');
    expect(replica.dossiers.get(odd.metadata.code)).toMatchObject({ creates: 1 });

    // Across all of it, the portal never saw a dossier created twice, nor a progress entry twice.
    expect(replica.counters.duplicateCreates).toBe(0);
    expect(replica.counters.progressRepeats).toBe(0);
    for (const known of replica.dossiers.values()) expect(known.creates).toBe(1);
    expect((await hub.portal.summary())).toMatchObject({ waiting: 0, held: 0 });
  });
});
