import type { ColumnType, Generated } from 'kysely';

/** Row types of the hub's database; migrations/ is what makes them, this is how code reads them. */
export interface HubTables {
  desks: DesksTable;
  enrolment_codes: EnrolmentCodesTable;
  dossiers: DossiersTable;
  dossier_files: DossierFilesTable;
  status_changes: StatusChangesTable;
  hub_audit: HubAuditTable;
  dossier_reviews: DossierReviewsTable;
  code_blocks: CodeBlocksTable;
  portal_config: PortalConfigTable;
  portal_procedures: PortalProceduresTable;
  portal_statuses: PortalStatusesTable;
  portal_agencies: PortalAgenciesTable;
  portal_outbox: PortalOutboxTable;
  portal_catalog: PortalCatalogTable;
  portal_catalog_pulls: PortalCatalogPullsTable;
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type DeskRole = 'desk' | 'supervisor';

export interface DesksTable {
  id: string;
  name: string;
  role: DeskRole;
  /** SHA-256 of the desk's bearer token: the token itself is never stored. */
  token_sha256: string;
  /** The desk's dossier-code slot (the 4-digit block the desk numbers its dossiers in). */
  slot: number;
  enrolled_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface EnrolmentCodesTable {
  code_sha256: string;
  desk_name: string;
  role: DeskRole;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date, never>;
  used_at: ColumnType<Date | null, never, Date>;
  desk_id: ColumnType<string | null, never, string>;
}

export interface DossiersTable {
  id: string;
  desk_id: string;
  code: string;
  /** SHA-256 of the declaration as received: a repeat with other content is a conflict. */
  digest: string;
  /** The current revision's declaration (without its revision number). */
  metadata: ColumnType<unknown, string, string>;
  declared_at: CreatedAt;
  delivered_at: ColumnType<Date | null, never, Date | null>;
  /** The current revision: 1, then one more each time a sent-back dossier is declared again (migration 0004). */
  revision: ColumnType<number, number | undefined, number>;
}

export interface DossierFilesTable {
  dossier_id: string;
  /** The dossier revision the file was declared with; only the dossier's current revision counts. */
  revision: ColumnType<number, number | undefined, never>;
  name: string;
  sha256: string;
  size: ColumnType<number, number, never>;
  upload_id: ColumnType<string | null, never, string>;
  stored_at: ColumnType<Date | null, never, Date>;
}

export interface StatusChangesTable {
  seq: Generated<number>;
  dossier_id: string;
  desk_id: string;
  status: number;
  /** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, as the contract carries it. */
  at: string;
  note: string | null;
  source: string;
  created_at: CreatedAt;
  /** Set when the entry carries a supervisor's review decision (migration 0003). */
  review_state: ColumnType<ReviewState | null, ReviewState | null | undefined, never>;
  review_reason: ColumnType<string | null, string | null | undefined, never>;
  reviewer_name: ColumnType<string | null, string | null | undefined, never>;
}

export interface HubAuditTable {
  seq: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string;
  detail: ColumnType<unknown, string, never>;
  previous_hash: string;
  hash: string;
}

export type ReviewState = 'accepted' | 'rescan';

/** A supervisor desk's decision on a delivered dossier; the latest one per dossier counts. */
export interface DossierReviewsTable {
  seq: Generated<number>;
  dossier_id: string;
  state: ReviewState;
  reason: string | null;
  reviewer_desk_id: string;
  /** The officer at the supervisor desk who decided (their display name, as that desk knows it). */
  reviewer_name: string;
  decided_at: CreatedAt;
  /** Chosen by the supervisor's desk: the same decision sent again is recognised by it. */
  decision_id: string;
  /** The status-feed entry that carried the decision to the originating desk. */
  feed_seq: number | null;
  /** The dossier revision the decision was made on (migration 0004). */
  revision: ColumnType<number, number | undefined, never>;
}

/** A block of the daily dossier-code sequence leased to one desk (migration 0002). */
export interface CodeBlocksTable {
  id: Generated<number>;
  desk_id: string;
  /** The agency identification code the dossier codes start with. */
  prefix: string;
  /** `YYMMDD`, Vietnamese calendar. */
  day: string;
  first_number: number;
  last_number: number;
  leased_at: CreatedAt;
  /** The desk's id of the lease request (migration 0005); null for leases asked without one. */
  request_id: ColumnType<string | null, string | null | undefined, never>;
}

/** The portal connector's settings, one row (migration 0006); secrets sealed with the hub's key file. */
export interface PortalConfigTable {
  id: number;
  /** PortalSettings without the password. */
  settings: ColumnType<unknown, string, string>;
  password_sealed: string;
  /** The key that signs the file links the portal fetches (base64, sealed). */
  link_key_sealed: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Local procedure code → the portal's procedure (MaTTHC and its names), as the administrator maps it. */
export interface PortalProceduresTable {
  local_code: string;
  ma_tthc: string;
  ten_tthc: string;
  ma_linh_vuc: string;
  ten_linh_vuc: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Local status (1–10) → the portal's status code; seeded with the portal's own list. */
export interface PortalStatusesTable {
  local_status: number;
  portal_status: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Agency identification code (the dossier code's prefix) → the portal's madonvi and the agency's name (DonViXuLy). */
export interface PortalAgenciesTable {
  agency_code: string;
  madonvi: string;
  name: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type PortalOutboxKind = 'dossier' | 'status';
export type PortalOutboxState = 'waiting' | 'sending' | 'acknowledged' | 'held';

/** One thing to tell the portal: a delivered dossier revision (DongBoHoSoMC) or a status change (CapNhatTienDoHoSoMC). */
export interface PortalOutboxTable {
  id: Generated<number>;
  /** Send order; null while a status change waits for its dossier's first delivery. */
  ordinal: ColumnType<number | null, unknown, unknown>;
  kind: PortalOutboxKind;
  dossier_id: string;
  revision: number | null;
  status_seq: number | null;
  state: ColumnType<PortalOutboxState, PortalOutboxState | undefined, PortalOutboxState>;
  attempts: ColumnType<number, number | undefined, unknown>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  sending_since: Date | null;
  last_error: string | null;
  held_code: string | null;
  held_reason: string | null;
  held_at: Date | null;
  sent_as_update: boolean | null;
  acknowledged_at: Date | null;
  created_at: CreatedAt;
}

export interface PortalCatalogTable {
  code: string;
  /** A procedure in the desk's catalog format (preload/shared/domain/catalog/procedure.ts). */
  procedure: unknown;
  pulled_at: ColumnType<Date, Date | string, Date | string>;
}

export interface PortalCatalogPullsTable {
  id: Generated<string>;
  pulled_at: CreatedAt;
  replaced: boolean;
  procedures: number;
  errors: ColumnType<string[], string, string>;
}
