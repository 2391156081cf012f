import type { ComponentForm } from '../catalog/procedure';

/** Who issues the form: printed in the top-left block and in the place/date line. */
export interface FormAgency {
  /** Parent body, e.g. "BỘ KHOA HỌC VÀ CÔNG NGHỆ". */
  parentName: string;
  /** The issuing unit, e.g. "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" or "VĂN PHÒNG BỘ". */
  unitName: string;
  /** Place written before the date, e.g. "Hà Nội". */
  place: string;
  /** Contact phone printed where the citizen needs it (Mẫu 02). */
  phone?: string;
}

export interface FormApplicant {
  name: string;
  address?: string;
  phone?: string;
  email?: string;
}

export interface ReceiptComponentLine {
  name: string;
  form: ComponentForm;
  copies: number;
  note?: string;
}

/** Everything Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) prints. */
export interface ReceiptData {
  agency: FormAgency;
  dossierCode: string;
  applicant: FormApplicant;
  /** Procedure name (and code) the citizen asks for. */
  requestContent: string;
  components: ReceiptComponentLine[];
  /** Number of dossier sets (bộ). */
  setCount: number;
  processingDays: number;
  receivedAt: Date;
  dueAt: Date;
  /** Where the result is handed over (desk address, post, online). */
  resultPlace: string;
  registerBook?: { book: string; line: string };
  officerName: string;
  /** Files fingerprint of the digitized files, once they are packaged (preload/shared/domain/filesFingerprint.ts). */
  filesFingerprint?: string;
  /** Training mode prints a visible mark so practice receipts are never taken for real ones. */
  training?: boolean;
}

/** Mẫu 02: request to complete the dossier. */
export interface SupplementRequestData {
  agency: FormAgency;
  dossierCode?: string;
  applicant: FormApplicant;
  requestContent: string;
  /** What to add or correct, one line each. */
  items: string[];
  reason?: string;
  issuedAt: Date;
  officerName: string;
  training?: boolean;
}

/** Mẫu 03: refusal to receive the dossier. */
export interface RefusalData {
  agency: FormAgency;
  dossierCode?: string;
  applicant: FormApplicant;
  requestContent: string;
  reasons: string[];
  issuedAt: Date;
  officerName: string;
  training?: boolean;
}

/** Mẫu 04: apology and new appointment. */
export interface ApologyData {
  agency: FormAgency;
  dossierCode: string;
  applicant: FormApplicant;
  requestContent: string;
  receivedAt: Date;
  originalDueAt: Date;
  newDueAt: Date;
  reason: string;
  issuedAt: Date;
  signerTitle: string;
  signerName: string;
  training?: boolean;
}

/** One hand-over recorded on the control sheet. */
export interface ControlSheetStep {
  from: string;
  to: string;
  at?: Date;
  result?: string;
  note?: string;
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetData {
  agency: FormAgency;
  dossierCode: string;
  applicant: FormApplicant;
  requestContent: string;
  receivedAt: Date;
  dueAt: Date;
  steps: ControlSheetStep[];
  /** Empty rows added for hand-overs written by hand later. */
  blankRows?: number;
  training?: boolean;
}
