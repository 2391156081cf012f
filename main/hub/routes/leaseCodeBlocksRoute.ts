import { z } from 'zod';
import type { HubDesk, HubStore } from '../createHubStore';

/** `POST /api/v1/desk/code-blocks` body (OpenAPI `CodeBlockRequest`). */
export const CodeBlockRequest = z
  .object({
    prefix: z.string().regex(/^[A-Z0-9]{1,6}(\.[A-Z0-9]{1,6}){0,5}$/),
    day: z.string().regex(/^\d{6}$/),
    count: z.number().int().min(1).max(10),
    /** Chosen by the desk and kept until the answer is stored: the same id again is the same lease. */
    requestId: z.string().uuid().optional(),
  })
  .strict();

/**
 * Leases blocks of the daily dossier-code sequence to the calling desk: 201 with the blocks, 200
 * with the blocks of the earlier lease when the desk's request id was answered before (the answer
 * was lost), 400 for a malformed request; the store's refusals (day out of range, limits, a request
 * id used for another prefix or day) travel as HubFailures.
 */
export async function leaseCodeBlocksRoute(store: HubStore, desk: HubDesk, body: unknown): Promise<{ status: number; body: unknown }> {
  const parsed = CodeBlockRequest.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'invalid code block request', detail: parsed.error.issues.slice(0, 20) } };
  const { prefix, day, count, requestId } = parsed.data;
  const { blocks, replayed } = await store.leaseCodeBlocks(desk, { prefix, day, count, ...(requestId ? { requestId } : {}) });
  return { status: replayed ? 200 : 201, body: { blocks, blockSize: blocks[0] ? blocks[0].to - blocks[0].from + 1 : 0 } };
}
