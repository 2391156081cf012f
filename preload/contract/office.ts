import { z } from 'zod';
import { defineService } from './defineService';

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const PortalTime = z.string().regex(/^\d{14}$/);
const ReviewState = z.enum(['accepted', 'rescan']);

/** What the supervisor narrows the office's intake down to. */
export const OfficeFilterSchema = z
  .object({
    deskId: Uuid.optional(),
    officerId: z.string().min(1).max(100).optional(),
    procedureCode: z.string().min(1).max(100).optional(),
    status: z.number().int().min(1).max(10).optional(),
    review: z.enum(['pending', 'accepted', 'rescan']).optional(),
    /** Received on or after / on or before this day (`YYYY-MM-DD`, Vietnam time). */
    from: Day.optional(),
    to: Day.optional(),
  })
  .strict();
export type OfficeFilter = z.infer<typeof OfficeFilterSchema>;

export const OfficePageQuerySchema = OfficeFilterSchema.extend({
  offset: z.number().int().min(0).max(1_000_000),
  limit: z.number().int().min(1).max(200),
}).strict();
export type OfficePageQuery = z.infer<typeof OfficePageQuerySchema>;

const OfficeCount = z.object({ key: z.string(), label: z.string(), count: z.number().int().nonnegative() });

export const OfficeFiguresSchema = z.object({
  total: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  byDesk: z.array(OfficeCount),
  byOfficer: z.array(OfficeCount),
  byProcedure: z.array(OfficeCount),
  byStatus: z.array(OfficeCount),
  byReview: z.array(OfficeCount),
  desks: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), slot: z.number().int() })),
});
export type OfficeFigures = z.infer<typeof OfficeFiguresSchema>;

export const OfficeDossierSchema = z.object({
  id: Uuid,
  code: z.string(),
  desk: z.object({ id: z.string(), name: z.string() }),
  officer: z.object({ id: z.string(), name: z.string() }).nullable(),
  procedureCode: z.string(),
  receivedAt: PortalTime,
  dueAt: PortalTime,
  applicant: z.object({ idNumber: z.string(), fullName: z.string() }),
  status: z.number().int().min(1).max(10),
  delivered: z.boolean(),
  files: z.array(z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), stored: z.boolean() })),
  review: z.object({ state: ReviewState, reason: z.string().nullable(), reviewer: z.string(), decidedAt: z.string() }).nullable(),
});
export type OfficeDossier = z.infer<typeof OfficeDossierSchema>;

export const OfficeDossierPageSchema = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  dossiers: z.array(OfficeDossierSchema),
});
export type OfficeDossierPage = z.infer<typeof OfficeDossierPageSchema>;

export const OfficeDeskInfoSchema = z.object({
  /** False while no server address and token are configured (the desk works on its own). */
  configured: z.boolean(),
  /** The desk the configured token belongs to at the office hub. */
  desk: z.object({ name: z.string(), role: z.enum(['desk', 'supervisor']), slot: z.number().int() }).nullable(),
});
export type OfficeDeskInfo = z.infer<typeof OfficeDeskInfoSchema>;

/**
 * The hub's relay to the national portal (Cổng DVC quốc gia) as the supervisor's dashboard shows
 * it: rows waiting to go, rows held for an administrator, and the held rows' reasons (Vietnamese,
 * as the hub or the portal worded them). Extra fields of the hub's answer are ignored.
 */
export const OfficePortalRelaySchema = z.object({
  configured: z.boolean(),
  waiting: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  heldReasons: z.array(z.object({ code: z.string(), reason: z.string(), count: z.number().int().positive() })),
});
export type OfficePortalRelay = z.infer<typeof OfficePortalRelaySchema>;

/**
 * The procedure catalog the office hub pulled from the national portal, in the desk's catalog
 * format; `pulledAt` is null before the hub's first pull. Rows are checked one by one at the desk.
 */
export const HubCatalogSchema = z.object({
  pulledAt: z.string().nullable(),
  procedures: z.array(z.unknown()).max(20_000),
});
export type HubCatalog = z.infer<typeof HubCatalogSchema>;

/** Largest part of a file one call carries (the renderer asks again from where it stopped). */
export const OFFICE_FILE_PART_MAX = 4 * 1024 * 1024;

export const OfficeFilePartRequest = z
  .object({
    dossierId: Uuid,
    name: z.string().min(1).max(200),
    offset: z.number().int().min(0),
    length: z.number().int().min(1).max(OFFICE_FILE_PART_MAX),
  })
  .strict();

export const OfficeFilePartSchema = z.object({
  bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'cần dữ liệu nhị phân'),
  offset: z.number().int().nonnegative(),
  /** Size of the whole file. */
  total: z.number().int().nonnegative(),
});
export type OfficeFilePart = z.infer<typeof OfficeFilePartSchema>;

export const OfficeDecisionRequest = z
  .object({
    /** Made once per decision by the renderer: sent again after a lost answer, the hub records it once. */
    decisionId: Uuid,
    dossierId: Uuid,
    decision: ReviewState,
    reason: z.string().trim().min(5).max(1000).optional(),
    /** The signed-in supervisor's name, recorded at the hub with the decision. */
    reviewer: z.string().trim().min(1).max(200),
  })
  .strict()
  .refine((value) => value.decision === 'accepted' || value.reason !== undefined, { message: 'Hãy ghi lý do trả về (ít nhất 5 ký tự).', path: ['reason'] });

export const OfficeDecisionSchema = z.object({ dossierId: Uuid, state: ReviewState, feedSeq: z.number().int(), decidedAt: z.string() });
export type OfficeDecision = z.infer<typeof OfficeDecisionSchema>;

/**
 * The supervisor's view across desks: main asks the office hub (the configured sync server) with
 * the desk's token, which stays in main. Only a token enrolled as a supervisor desk is answered
 * office-wide; every failure arrives with a Vietnamese message (offline, refused, not configured).
 */
export const officeService = defineService(
  'office',
  {
    deskInfo: { args: z.tuple([]), result: OfficeDeskInfoSchema },
    figures: { args: z.tuple([OfficeFilterSchema]), result: OfficeFiguresSchema },
    dossiers: { args: z.tuple([OfficePageQuerySchema]), result: OfficeDossierPageSchema },
    /** The relay to the national portal: waiting and held rows, with the held rows' reasons. */
    portalRelay: { args: z.tuple([]), result: OfficePortalRelaySchema },
    /** The procedure catalog the hub pulled from the national portal (any enrolled desk). */
    catalog: { args: z.tuple([]), result: HubCatalogSchema },
    /** One part of a stored component PDF (HTTP Range at the hub), so a broken download resumes. */
    filePart: { args: z.tuple([OfficeFilePartRequest]), result: OfficeFilePartSchema },
    decide: { args: z.tuple([OfficeDecisionRequest]), result: OfficeDecisionSchema },
  },
  {},
);
