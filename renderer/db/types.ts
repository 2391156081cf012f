import type { PageChecks } from '../domain/scan/checkPage';
/** Record types of the local database. Citizen data lives here; see README for what is personal. */

export type ComponentForm = 'original' | 'copy' | 'photocopy';

export interface ProcedureComponent {
  /** Stable id within the procedure, e.g. `to-khai`. */
  id: string;
  name: string;
  form: ComponentForm;
  copies: number;
  required: boolean;
  note?: string;
}

export interface Procedure {
  /** Code in the national procedure database, e.g. `1.004366`. */
  code: string;
  name: string;
  field: string;
  agency: string;
  /** Processing time by regulation, in working days. */
  processingDays: number;
  fee?: string;
  components: ProcedureComponent[];
  /** Where the catalog entry came from (built-in sample or an import). */
  source: string;
}

/** Lifecycle states of a dossier at the desk; the portal status machine extends this list. */
export type DossierStatus = 'draft' | 'saved';

export interface Dossier {
  /** Client-generated id (UUID): also the idempotency key when the dossier is synced. */
  id: string;
  /** Official dossier code `<agency>-<YYMMDD>-<NNNN>`, assigned at receipt. */
  code?: string;
  procedureCode: string;
  applicantId?: string;
  status: DossierStatus;
  /**
   * Current portal status code (1–10, see renderer/domain/dossierStatus.ts), mirrored from the
   * audit-logged status history so lists and dashboards can index it.
   */
  portalStatus?: number;
  /** True for dossiers made in training mode; they are never synced. */
  training: boolean;
  createdAt: number;
  updatedAt: number;
  receivedAt?: number;
  dueAt?: number;
  officerId?: string;
  pageCount: number;
  /** When every component was packaged into its sealed PDF; the outbox only takes digitized dossiers. */
  digitizedAt?: number;
  /** Short code over the SHA-256 of every digitized file (renderer/domain/sealFingerprint.ts), printed on the receipt. */
  sealFingerprint?: string;
}

export type ApplicantSource = 'manual' | 'chip' | 'qr';

export interface Applicant {
  id: string;
  /** 12-digit personal identification number (CCCD). */
  idNumber: string;
  fullName: string;
  /** ISO date `YYYY-MM-DD`. */
  birthDate?: string;
  gender?: 'male' | 'female';
  address?: string;
  phone?: string;
  email?: string;
  source: ApplicantSource;
  createdAt: number;
  updatedAt: number;
}

/** One component of one dossier (a copy of the procedure's checklist entry, with its pages). */
export interface DossierComponent {
  id: string;
  dossierId: string;
  componentId: string;
  name: string;
  form: ComponentForm;
  required: boolean;
  order: number;
}

export interface Page {
  id: string;
  dossierId: string;
  /** Dossier component the page belongs to; undefined while unassigned. */
  componentId?: string;
  /** Position within the dossier (gaps allowed; sort by it). */
  order: number;
  image: Blob;
  mime: string;
  width?: number;
  height?: number;
  dpi?: number;
  /** Clockwise rotation to apply when showing or packaging, in degrees. */
  rotation: 0 | 90 | 180 | 270;
  source: string;
  ocrText?: string;
  createdAt: number;
  /** Blank, skew and resolution checks, computed once the page is stored (flags only). */
  checks?: PageChecks;
  /** The image as scanned, kept when the officer straightened the page. */
  originalImage?: Blob;
}

export interface StoredFile {
  id: string;
  dossierId: string;
  componentId?: string;
  name: string;
  mime: string;
  data: Blob;
  sha256: string;
  createdAt: number;
}

export interface OutboxItem {
  id: string;
  dossierId: string;
  kind: string;
  state: string;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
  lastError?: string;
}

export interface SyncStateEntry {
  key: string;
  value: unknown;
}

export interface AuditEntry {
  seq?: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail?: string;
  prevHash: string;
  hash: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: 'officer' | 'supervisor' | 'admin';
  createdAt: number;
}

export interface Setting {
  key: string;
  value: unknown;
}
