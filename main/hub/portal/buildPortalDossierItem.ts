/** A file of the dossier as the portal should list it: where it can fetch it, and whether it was withdrawn. */
export interface PortalFileSource {
  /** Stable for the same bytes under the same name in the same dossier, across revisions and sends. */
  id: string;
  name: string;
  url: string;
  /** A file of an earlier revision that the current one no longer has. */
  deleted: boolean;
  /** The dossier component's code, when the desk gives one. */
  component?: string;
}

/** A result document handed to the applicant (the desk does not send results yet; when it does, they travel here). */
export interface PortalResultSource {
  id: string;
  name: string;
  url: string;
  component?: string;
}

/** Everything the DongBoHoSoMC item of one dossier is made from: the dossier, mapped. */
export interface PortalDossierSource {
  /** The dossier code (Thông tư 01/2018/TT-VPCP): MaHoSo. */
  code: string;
  procedure: { maTTHC: string; tenTTHC: string; maLinhVuc: string; tenLinhVuc: string };
  applicant: { fullName: string; phone?: string; email?: string; kind?: 1 | 2 | 3 | 4 };
  summary?: string;
  /** `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh, as the desk declared them. */
  receivedAt: string;
  dueAt: string;
  /** The portal's status code for the dossier's latest status, already mapped. */
  portalStatus: string;
  /** DonViXuLy: the agency that handles it. */
  agencyName: string;
  resultByPost?: boolean;
  files: PortalFileSource[];
  results?: PortalResultSource[];
  /** When the result was handed over (status 10), `yyyyMMddHHmmss`. */
  returnedAt?: string;
  /** When processing ended (status 9), `yyyyMMddHHmmss`. */
  processedAt?: string;
}

export interface PortalTaiLieuNop {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  IsDeleted: 'True' | 'False';
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
  DuocSoHoa: '0' | '1';
  DuocTaiSuDung: '0' | '1';
  DuocLayTuKhoDMQG: '0' | '1';
}

export interface PortalGiayToKetQua {
  TenGiayTo: string;
  MaThanhPhanHoSo: string;
  GiayToId: string;
  DuongDanTepTinKetQua: string;
}

/** One item of DongBoHoSoMC's `data`, every value a string as the public client sends them. */
export interface PortalDossierItem {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  KenhThucHien: string;
  ChuHoSo: string;
  LoaiDoiTuong: string;
  MaDoiTuong: string;
  ThongTinKhac: string;
  Email: string;
  Fax: string;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: string;
  NgayTra: string;
  ThongTinTra: string;
  HinhThuc: string;
  NgayKetThucXuLy: string;
  DonViXuLy: string;
  HoSoCoThanhPhanSoHoa: string;
  TaiLieuNop: PortalTaiLieuNop[];
  DanhSachGiayToKetQua: PortalGiayToKetQua[];
  DanhSachLePhi: never[];
  DanhSachTepDinhKemKhac: never[];
  DanhSachHoSoBoSung: never[];
}

/**
 * The DongBoHoSoMC item of one dossier. Field names and the string encoding of every value follow
 * the public client (OpenCPS v2 `createSyncDossierBodyRequest`); `KenhThucHien`,
 * `HoSoCoThanhPhanSoHoa` and TaiLieuNop's `DuocSoHoa`/`DuocTaiSuDung`/`DuocLayTuKhoDMQG` follow a
 * newer public client of the portal (its TaiLieuNop model carries these flags). Choices of ours, since the desk receives
 * paper at the counter: KenhThucHien "1" (at the office, as OpenCPS's channel 1 "Trực tiếp"),
 * HinhThuc "0" unless the result goes by post, LoaiDoiTuong "1" (a citizen identified by CCCD)
 * unless said otherwise, every submitted file digitized here ("DuocSoHoa" 1, not reused, not from
 * the national store). `GhiChu` is left out (one public client saw it refused past 2 000
 * characters) and so is `SoBienNhan` (commented out in the public client).
 */
export function buildPortalDossierItem(source: PortalDossierSource): PortalDossierItem {
  const submitted = source.files.filter((file) => !file.deleted);
  return {
    MaHoSo: source.code,
    MaTTHC: source.procedure.maTTHC,
    TenTTHC: source.procedure.tenTTHC,
    MaLinhVuc: source.procedure.maLinhVuc,
    TenLinhVuc: source.procedure.tenLinhVuc,
    KenhThucHien: '1',
    ChuHoSo: source.applicant.fullName,
    LoaiDoiTuong: String(source.applicant.kind ?? 1),
    MaDoiTuong: '',
    ThongTinKhac: '',
    Email: source.applicant.email ?? '',
    Fax: '',
    SoDienThoai: source.applicant.phone ?? '',
    TrichYeuHoSo: source.summary ?? `${source.procedure.tenTTHC} – ${source.applicant.fullName}`,
    NgayTiepNhan: source.receivedAt,
    NgayHenTra: source.dueAt,
    TrangThaiHoSo: source.portalStatus,
    NgayTra: source.returnedAt ?? '',
    ThongTinTra: '',
    HinhThuc: source.resultByPost ? '1' : '0',
    NgayKetThucXuLy: source.processedAt ?? '',
    DonViXuLy: source.agencyName,
    HoSoCoThanhPhanSoHoa: submitted.length > 0 ? '1' : '0',
    TaiLieuNop: source.files.map((file) => ({
      TepDinhKemId: file.id,
      TenTepDinhKem: file.name,
      IsDeleted: file.deleted ? 'True' : 'False',
      MaThanhPhanHoSo: file.component ?? '',
      DuongDanTaiTepTin: file.url,
      DuocSoHoa: '1',
      DuocTaiSuDung: '0',
      DuocLayTuKhoDMQG: '0',
    })),
    DanhSachGiayToKetQua: (source.results ?? []).map((result) => ({ TenGiayTo: result.name, MaThanhPhanHoSo: result.component ?? '', GiayToId: result.id, DuongDanTepTinKetQua: result.url })),
    DanhSachLePhi: [],
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: [],
  };
}
