import type { PageChecks } from '../../preload/shared/domain/scan/checkPage';
/** Record types of the local database. Citizen data lives here; see README for what is personal. */
import type { DossierMetadata } from '../../preload/shared/sync/createGatewayClient';
import type { ChainedAuditEntry } from '../../preload/shared/audit/auditChain';
import type { PasswordHash } from '../../preload/shared/domain/auth/passwordHash';

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
  /** The same fee in đồng, when the catalog gave it. */
  feeAmount?: number;
  components: ProcedureComponent[];
  /** The documents the applicant gets back, when the catalog lists them (the national portal's does). */
  results?: string[];
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
   * Current portal status code (1–10, see preload/shared/domain/dossierStatus.ts), mirrored from the
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
  /** When a page was last added, removed, turned, moved or straightened: later than `digitizedAt`, the PDFs are out of date. */
  pagesChangedAt?: number;
  /** Short code over the SHA-256 of every digitized file (preload/shared/domain/filesFingerprint.ts), printed on the receipt. */
  filesFingerprint?: string;
}

export type ApplicantSource = 'manual' | 'chip' | 'qr';

export interface Applicant {
  id: string;
  /** 12-digit personal identification number (CCCD), or the passport / foreign ID card number. */
  idNumber: string;
  /** What `idNumber` is the number of; absent means a CCCD (records from before passports were read). */
  documentType?: 'cccd' | 'passport' | 'id-card';
  fullName: string;
  /** ISO date `YYYY-MM-DD`. */
  birthDate?: string;
  gender?: 'male' | 'female';
  address?: string;
  phone?: string;
  email?: string;
  source: ApplicantSource;
  /** For source 'chip': whether passive authentication verified the chip data up to a trusted CSCA. */
  chipAuthentication?: 'verified' | 'unverified';
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

/** What the desk declares about a dossier before its files travel (the gateway's `DossierMetadata`). */
export type DeliveryMetadata = DossierMetadata;

/** One file of a delivery, with where its upload stands (the tus URL is stored before any byte is sent). */
export interface OutboxFile {
  fileId: string;
  name: string;
  sha256: string;
  size: number;
  uploadUrl?: string;
  done: boolean;
}

/**
 * `queued` waits for its turn, `sending` is in progress (or was, when the app stopped: it resumes),
 * `retrying` failed for a passing reason and waits until `nextAttemptAt`, `delivered` is done,
 * `rejected` was refused by the server for a reason a retry cannot fix.
 */
export type OutboxState = 'queued' | 'sending' | 'retrying' | 'delivered' | 'rejected';

/** A delivery of one sealed dossier to the ministry system, kept as stored state (id = dossier id). */
export interface OutboxItem {
  id: string;
  dossierId: string;
  kind: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
  /** Vietnamese reason of the last failure, for the officer. */
  lastError?: string;
  files?: OutboxFile[];
  /** The declaration as frozen when queued, resent as is on every repeat. */
  metadata?: DeliveryMetadata;
  /** The server has the dossier's metadata (PUT done). */
  declared?: boolean;
  bytesTotal?: number;
  bytesSent?: number;
  deliveredAt?: number;
  /**
   * Absent for a first delivery; one more than the delivered one when the dossier was sent back,
   * scanned again and delivered with other files (sent in the declaration).
   */
  revision?: number;
}

export interface SyncStateEntry {
  key: string;
  value: unknown;
}

/** An audit log record: a link of the chain in preload/shared/audit, its `seq` given by IndexedDB on add. */
export type AuditEntry = Omit<ChainedAuditEntry, 'seq'> & { seq?: number };

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: 'officer' | 'supervisor' | 'admin';
  createdAt: number;
  /** PBKDF2-SHA256 of the password with a per-user salt (preload/shared/domain/auth/passwordHash.ts). */
  passwordHash?: PasswordHash;
  /** A disabled account cannot sign in; accounts are never deleted, since the audit log names them. */
  disabled?: boolean;
  updatedAt?: number;
}

export interface Setting {
  key: string;
  value: unknown;
}

/** A supervisor's decision on a sealed dossier; one record per dossier, the latest decision wins. */
export interface DossierReview {
  dossierId: string;
  /** `accepted`, or `rescan`: sent back to its officer to scan again, with the reason. */
  state: 'accepted' | 'rescan';
  reason?: string;
  reviewerId: string;
  /** The officer who owns the dossier, so their list finds what was sent back to them. */
  officerId?: string;
  decidedAt: number;
}
