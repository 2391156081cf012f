import { z } from 'zod';

/** `DossierMetadata` of assets/api/ministry-gateway.openapi.yaml, as the hub accepts it from a desk. */
export const DossierDeclaration = z
  .object({
    code: z.string().regex(/^[A-Z0-9.]+-\d{6}-\d{4}$/),
    procedureCode: z.string().min(1).max(100),
    receivedAt: z.string().regex(/^\d{14}$/),
    dueAt: z.string().regex(/^\d{14}$/),
    applicant: z.object({
      idNumber: z.string().regex(/^\d{12}$/),
      fullName: z.string().min(1).max(200),
      address: z.string().max(500).optional(),
      phone: z.string().max(30).optional(),
    }),
    filesFingerprint: z.string().max(200).optional(),
    /**
     * 1 (the default) for the first delivery; a dossier sent back for rescanning is declared again
     * with a higher revision and its new files.
     */
    revision: z.number().int().min(1).max(1_000_000).optional(),
    /** The officer who received it, as their desk knows them (the supervisor's figures by officer). */
    officer: z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) }).strict().optional(),
    files: z
      .array(z.object({ name: z.string().min(1).max(200), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().positive() }))
      .min(1)
      .max(200),
  })
  .strict();
export type DossierDeclaration = z.infer<typeof DossierDeclaration>;

/** JSON with object keys sorted, so one declaration has one digest whatever order its keys came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
