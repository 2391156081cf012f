import { z } from 'zod';
import type { HubDesk, HubStore } from '../createHubStore';

/** `POST /api/v1/desk/code-blocks` body (OpenAPI `CodeBlockRequest`). */
export const CodeBlockRequest = z
  .object({
    prefix: z.string().regex(/^[A-Z0-9]{1,6}(\.[A-Z0-9]{1,6}){0,5}$/),
    day: z.string().regex(/^\d{6}$/),
    count: z.number().int().min(1).max(10),
  })
  .strict();

/**
 * Leases blocks of the daily dossier-code sequence to the calling desk: 201 with the blocks, 400
 * for a malformed request; the store's refusals (day out of range, limits) travel as HubFailures.
 */
export async function leaseCodeBlocksRoute(store: HubStore, desk: HubDesk, body: unknown): Promise<{ status: number; body: unknown }> {
  const parsed = CodeBlockRequest.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'invalid code block request', detail: parsed.error.issues.slice(0, 20) } };
  const blocks = await store.leaseCodeBlocks(desk, parsed.data);
  return { status: 201, body: { blocks, blockSize: blocks[0] ? blocks[0].to - blocks[0].from + 1 : 0 } };
}
