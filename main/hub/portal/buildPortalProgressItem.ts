/** One status change of a dossier, as the hub recorded it: who, when, what. */
export interface PortalProgressSource {
  code: string;
  /** Who made the change (a person's name, or the system that reported it). */
  actor: string;
  /** `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh. */
  at: string;
  /** What was done, in Vietnamese. */
  content: string;
  /** The portal's status code, already mapped. */
  portalStatus: string;
  /** The dossier's due date (`yyyyMMddHHmmss`). */
  dueAt: string;
}

export interface PortalProgressItem {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

/**
 * The CapNhatTienDoHoSoMC item of one status change, with the fields of the public client
 * (OpenCPS v2 `createSyncDossierStatusBodyRequest`). The same change always gives the same item,
 * so a resend after a lost answer is recognisably the same entry. NgayKetThucTheoQuyDinh carries
 * the dossier's due date (the public client leaves it blank; it is optional).
 */
export function buildPortalProgressItem(source: PortalProgressSource): PortalProgressItem {
  return {
    MaHoSo: source.code,
    NguoiXuLy: source.actor,
    ChucDanh: '',
    ThoiDiemXuLy: source.at,
    PhongBanXuLy: '',
    NoiDungXuLy: source.content,
    TrangThai: source.portalStatus,
    NgayBatDau: '',
    NgayKetThucTheoQuyDinh: source.dueAt,
  };
}
