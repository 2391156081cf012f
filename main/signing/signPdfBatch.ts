import type { DeskError } from '../../preload/contract';
import type { SignPdfRequest, SignedPdf } from '../../preload/contract/signing';
import { DeskFailure, toDeskError } from '../../preload/shared/errors/DeskFailure';

export interface BatchFile {
  id: string;
  pdf: Uint8Array;
  sha256?: string;
}

export interface BatchOutcome {
  /** Files signed, in order; each was handed to `onSigned` before the next one started. */
  signed: Array<{ id: string; result: SignedPdf }>;
  /** Files refused on their own (unreadable, changed since stored): the batch went on without them. */
  refused: Array<{ id: string; error: DeskError }>;
  /** Files not signed because the token stopped answering (removed, logged out); to be signed later. */
  pending: string[];
  /** Why the batch stopped early, when it did. */
  stopped?: DeskError;
}

// Failures of the token itself: every later file would fail the same way, so the batch stops there.
const TOKEN_FAILURES = new Set(['signing-token-removed', 'signing-token-absent', 'signing-not-logged-in', 'signing-pin-locked', 'signing-module-unavailable', 'signing-not-configured', 'signing-timestamp-failed']);

/**
 * Signs files one after another with one token and certificate. Each signed file is handed to
 * `onSigned` (which stores it) before the next begins, so a token pulled out mid-batch loses
 * nothing: what was signed is stored, the file being signed stays unsigned as it was, and it and
 * the rest come back as `pending` with the token's Vietnamese error. The seam for the desk's
 * "Chờ ký số" queue.
 */
export async function signPdfBatch(
  signPdf: (request: SignPdfRequest) => Promise<SignedPdf>,
  target: Omit<SignPdfRequest, 'pdf' | 'sha256'>,
  files: readonly BatchFile[],
  onSigned: (id: string, result: SignedPdf) => Promise<void> | void = () => undefined,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { signed: [], refused: [], pending: [] };
  for (const [index, file] of files.entries()) {
    let result: SignedPdf;
    try {
      result = await signPdf({ ...target, pdf: file.pdf, ...(file.sha256 ? { sha256: file.sha256 } : {}) });
    } catch (error) {
      if (error instanceof DeskFailure && TOKEN_FAILURES.has(error.code)) {
        outcome.pending = files.slice(index).map((f) => f.id);
        outcome.stopped = error.toDeskError();
        return outcome;
      }
      outcome.refused.push({ id: file.id, error: toDeskError(error) });
      continue;
    }
    await onSigned(file.id, result);
    outcome.signed.push({ id: file.id, result });
  }
  return outcome;
}
