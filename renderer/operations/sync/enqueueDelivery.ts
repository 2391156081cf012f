import type { DeskHandle } from '../../db/deskHandle';
import { getDelivery, putDelivery } from '../../db/queries/outbox';
import { getApplicant } from '../../db/queries/applicants';
import { getUser } from '../../db/queries/users';
import { getReview } from '../../db/queries/reviews';
import type { Dossier, OutboxFile, OutboxItem, StoredFile } from '../../db/types';
import { formatPortalTimestamp } from '../../../preload/shared/domain/calendar/localDate';
import type { DossierMetadata } from '../../../preload/shared/sync/createGatewayClient';

/** Outbox kind of a dossier delivery (metadata, then files over tus, then commit). */
export const DOSSIER_DELIVERY = 'dossier-delivery';

/** File names must be unique within a delivery: the gateway files uploads under them. */
function uniqueNames(files: readonly StoredFile[]): string[] {
  const seen = new Map<string, number>();
  return files.map((file) => {
    const count = (seen.get(file.name) ?? 0) + 1;
    seen.set(file.name, count);
    return count === 1 ? file.name : file.name.replace(/(\.pdf)?$/i, `-${count}$1`);
  });
}

/** Whether `files` are other bytes than the ones a delivery carried (compared by SHA-256, whatever their order). */
function otherFiles(delivered: OutboxItem, files: readonly StoredFile[]): boolean {
  const before = (delivered.files ?? []).map((file) => file.sha256).sort();
  const now = files.map((file) => file.sha256).sort();
  return before.length !== now.length || before.some((sha256, i) => sha256 !== now[i]);
}

/**
 * Puts a digitized dossier in the outbox, inside the caller's transaction (which must include
 * `outbox`, `applicants`, `users`, `dossiers` and `reviews`). The metadata is frozen here, so every repeat of the
 * idempotent declaration sends the same bytes. Training dossiers are never queued; a delivery the
 * server already knows about is left as it is, except a delivered one whose files have changed
 * since and that was sent back after that delivery (the desk holds the supervisor's rescan review):
 * that is queued again as the next revision, which the hub takes.
 */
export async function enqueueDelivery(db: DeskHandle, dossier: Dossier, files: readonly StoredFile[], now: number): Promise<OutboxItem | undefined> {
  if (dossier.training || !dossier.code || !dossier.receivedAt || !dossier.dueAt || files.length === 0) return undefined;
  const existing = await getDelivery(db, dossier.id);
  // Only a send-back of the delivered revision opens the next one: the hub would refuse any other,
  // and the delivered record would be lost to a refused item.
  const sentBack = existing?.state === 'delivered' && otherFiles(existing, files) ? await getReview(db, dossier.id) : undefined;
  const rescanned = existing !== undefined && sentBack?.state === 'rescan' && sentBack.decidedAt >= (existing.deliveredAt ?? 0);
  if (existing && !rescanned && (existing.declared || existing.state === 'delivered')) return existing;
  // A delivery not yet declared is rebuilt under the revision it was queued with.
  const revision = rescanned ? (existing.revision ?? 1) + 1 : existing?.revision;
  const applicant = dossier.applicantId ? await getApplicant(db, dossier.applicantId) : undefined;
  // The officer travels by account id and name, so the office's figures can count by officer.
  const officer = dossier.officerId ? await getUser(db, dossier.officerId) : undefined;
  const names = uniqueNames(files);
  const outboxFiles: OutboxFile[] = files.map((file, i) => ({ fileId: file.id, name: names[i]!, sha256: file.sha256, size: file.data.size, done: false }));
  const metadata: DossierMetadata = {
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    receivedAt: formatPortalTimestamp(new Date(dossier.receivedAt)),
    dueAt: formatPortalTimestamp(new Date(dossier.dueAt)),
    applicant: {
      idNumber: applicant?.idNumber ?? '',
      fullName: applicant?.fullName ?? '',
      ...(applicant?.address ? { address: applicant.address } : {}),
      ...(applicant?.phone ? { phone: applicant.phone } : {}),
    },
    ...(dossier.filesFingerprint ? { filesFingerprint: dossier.filesFingerprint } : {}),
    ...(officer ? { officer: { id: officer.id, name: officer.displayName } } : {}),
    files: outboxFiles.map((file) => ({ name: file.name, sha256: file.sha256, size: file.size })),
  };
  const item: OutboxItem = {
    id: dossier.id,
    dossierId: dossier.id,
    kind: DOSSIER_DELIVERY,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    files: outboxFiles,
    metadata,
    declared: false,
    bytesTotal: outboxFiles.reduce((sum, file) => sum + file.size, 0),
    bytesSent: 0,
    ...(revision !== undefined ? { revision } : {}),
  };
  await putDelivery(db, item);
  return item;
}
