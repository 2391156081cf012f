import { z } from 'zod';

/**
 * The procedure catalog (thủ tục hành chính, TTHC) as the desk uses it: what the officer picks at
 * intake, the component checklist the scanner walks through, and the processing time the due date
 * is counted from. Codes are the national procedure database codes (e.g. `1.002145`, or
 * `1.014393.H38` for a province's copy), never invented locally.
 */

/** How a paper must be handed in: bản chính (original), bản sao (certified copy), bản chụp (photocopy). */
export const ComponentForm = z.enum(['original', 'copy', 'photocopy']);
export type ComponentForm = z.infer<typeof ComponentForm>;

export const COMPONENT_FORM_NAMES: Record<ComponentForm, string> = { original: 'Bản chính', copy: 'Bản sao', photocopy: 'Bản chụp' };

export const ProcedureComponent = z.object({
  /** Stable within the procedure (`<procedure code>#<n>`), so pages can point at it. */
  id: z.string().min(1),
  name: z.string().trim().min(1, 'Tên thành phần hồ sơ không được để trống'),
  form: ComponentForm,
  copies: z.number().int().min(1).max(99),
  /** Mandatory component: sealing is blocked while it has no pages (unless an override is recorded). */
  required: z.boolean(),
  note: z.string().optional(),
});
export type ProcedureComponent = z.infer<typeof ProcedureComponent>;

export const Procedure = z.object({
  code: z.string().regex(/^\d\.\d{6}(\.[0-9A-Z]{2,6})?$/, 'Mã thủ tục phải có dạng 1.002145 hoặc 1.014393.H38'),
  name: z.string().trim().min(1, 'Tên thủ tục không được để trống'),
  field: z.string().trim().min(1, 'Lĩnh vực không được để trống'),
  agency: z.string().trim().min(1, 'Cơ quan thực hiện không được để trống'),
  /** Working days from receipt of a complete dossier to the result. */
  processingDays: z.number().min(0).max(3650),
  /** Fee as the catalog words it ("Phí thẩm định: 3.000.000 đồng", "Không"), printed on the receipt. */
  fee: z.string().optional(),
  /** The same fee in đồng (0 when none), for reports. */
  feeAmount: z.number().int().min(0).optional(),
  components: z.array(ProcedureComponent),
  /** The documents the applicant gets back (KETQUATHUCHIEN in the national database), when known. */
  results: z.array(z.string().trim().min(1)).optional(),
  /** Where the entry was checked (national database page, publication decision). */
  source: z.string().optional(),
});
export type Procedure = z.infer<typeof Procedure>;

export const CatalogFile = z.object({
  version: z.literal(1),
  /** What the catalog was built from. */
  source: z.string(),
  procedures: z.array(Procedure),
});
export type CatalogFile = z.infer<typeof CatalogFile>;
