import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPortalDossierItem, type PortalDossierSource } from '../../../main/hub/portal/buildPortalDossierItem';
import { buildPortalProgressItem } from '../../../main/hub/portal/buildPortalProgressItem';
import { relayBackoff } from '../../../main/hub/portal/createPortalRelay';
import { PORTAL_DEFAULTS, portalSettingsOf, PortalSettingsInput } from '../../../main/hub/portal/PortalSettings';

const source: PortalDossierSource = {
  code: '000.00.16.H27-261203-0001',
  procedure: { maTTHC: '1.001612', tenTTHC: 'Đăng ký khai sinh', maLinhVuc: 'HT', tenLinhVuc: 'Hộ tịch' },
  applicant: { fullName: 'Nguyễn Văn An', phone: '0912345678' },
  receivedAt: '20261203081500',
  dueAt: '20261210170000',
  portalStatus: '2',
  agencyName: 'UBND phường Hàng Bạc',
  files: [
    { id: 'f1', name: 'to-khai.pdf', url: 'https://hub.example/api/v1/portal/files/t1/to-khai.pdf', deleted: false },
    { id: 'f0', name: 'to-khai.pdf', url: 'https://hub.example/api/v1/portal/files/t0/to-khai.pdf', deleted: true, component: 'TP01' },
  ],
};

describe('the items the relay sends the portal', () => {
  it('carries results and the hand-over date when the dossier has them, and lists withdrawn files as deleted', () => {
    const plain = buildPortalDossierItem(source);
    expect(plain).toMatchObject({ SoDienThoai: '0912345678', NgayTra: '', NgayKetThucXuLy: '', DanhSachGiayToKetQua: [], HinhThuc: '0', LoaiDoiTuong: '1', HoSoCoThanhPhanSoHoa: '1' });
    expect(plain.TaiLieuNop.map((file) => [file.TepDinhKemId, file.IsDeleted, file.MaThanhPhanHoSo])).toEqual([
      ['f1', 'False', ''],
      ['f0', 'True', 'TP01'],
    ]);
    const returned = buildPortalDossierItem({
      ...source,
      portalStatus: '10',
      processedAt: '20261209100000',
      returnedAt: '20261210090000',
      resultByPost: true,
      applicant: { ...source.applicant, email: 'an@example.vn', kind: 2 },
      summary: 'Đăng ký khai sinh cho con',
      results: [{ id: 'r1', name: 'Giấy khai sinh', url: 'https://hub.example/api/v1/portal/files/r/gks.pdf', component: 'KQ01' }],
    });
    expect(returned).toMatchObject({ TrangThaiHoSo: '10', NgayKetThucXuLy: '20261209100000', NgayTra: '20261210090000', HinhThuc: '1', LoaiDoiTuong: '2', Email: 'an@example.vn', TrichYeuHoSo: 'Đăng ký khai sinh cho con' });
    expect(returned.DanhSachGiayToKetQua).toEqual([{ TenGiayTo: 'Giấy khai sinh', MaThanhPhanHoSo: 'KQ01', GiayToId: 'r1', DuongDanTepTinKetQua: 'https://hub.example/api/v1/portal/files/r/gks.pdf' }]);
    expect(buildPortalDossierItem({ ...source, files: [] }).HoSoCoThanhPhanSoHoa).toBe('0');
  });

  it('sends every value as a string, as the public client does, whatever the dossier holds (fuzzed)', () => {
    const text = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(text, text, fc.option(text, { nil: undefined }), fc.array(fc.record({ id: text, name: text, url: text, deleted: fc.boolean() }), { maxLength: 5 }), (code, fullName, phone, files) => {
        const item = buildPortalDossierItem({ ...source, code, applicant: { fullName, ...(phone === undefined ? {} : { phone }) }, files });
        for (const [key, value] of Object.entries(item)) {
          if (Array.isArray(value)) continue;
          expect(typeof value, key).toBe('string');
        }
        for (const file of item.TaiLieuNop) for (const value of Object.values(file)) expect(typeof value).toBe('string');
        expect(item.MaHoSo).toBe(code);
        expect(item.TaiLieuNop).toHaveLength(files.length);
      }),
      { numRuns: 100 },
    );
  });

  it('gives one status change the same progress entry every time, so a resend is recognisably the same', () => {
    const change = { code: source.code, actor: 'Lê Văn Giám', at: '20261203100000', content: 'Kiểm tra bản số hóa: đạt', portalStatus: '2', dueAt: source.dueAt };
    expect(buildPortalProgressItem(change)).toEqual(buildPortalProgressItem({ ...change }));
    expect(buildPortalProgressItem(change)).toEqual({ MaHoSo: source.code, NguoiXuLy: 'Lê Văn Giám', ChucDanh: '', ThoiDiemXuLy: '20261203100000', PhongBanXuLy: '', NoiDungXuLy: 'Kiểm tra bản số hóa: đạt', TrangThai: '2', NgayBatDau: '', NgayKetThucTheoQuyDinh: source.dueAt });
  });
});

describe('the relay\'s settings and backoff', () => {
  it('defaults to a 6 s call timeout, a 10-minute session, and retries from 5 s up to 10 minutes', () => {
    const input = PortalSettingsInput.parse({ adapterUrl: 'https://adapter.dichvucong.gov.vn/', authEndpoint: '/auth', integrationEndpoint: '/api', username: 'u', password: 'p', madonvi: '000.00.16.H27' });
    expect(input.adapterUrl).toBe('https://adapter.dichvucong.gov.vn');
    const { password: _password, ...rest } = input;
    expect(portalSettingsOf(rest)).toMatchObject({ timeoutMs: 6_000, sessionTtlMs: 600_000, retryBaseMs: 5_000, retryMaxMs: 600_000, linkTtlHours: 168 });
    expect(PORTAL_DEFAULTS.timeoutMs).toBe(6_000);
    expect(PortalSettingsInput.safeParse({ ...input, adapterUrl: 'ftp://x' }).success).toBe(false);
    expect(PortalSettingsInput.safeParse({ ...input, extra: 1 }).success).toBe(false);
  });

  it('waits between a tenth of the base and the doubling ceiling, never past the cap, for any attempt (fuzzed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 10, max: 100_000 }), fc.integer({ min: 10, max: 1_000_000 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, retryBaseMs, cap, random) => {
        const retryMaxMs = Math.max(cap, retryBaseMs);
        const delay = relayBackoff(attempt, { retryBaseMs, retryMaxMs }, () => random);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(retryBaseMs / 10));
        expect(delay).toBeLessThanOrEqual(Math.max(Math.floor(retryBaseMs / 10), Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt - 1, 30))));
      }),
      { numRuns: 300 },
    );
  });
});
