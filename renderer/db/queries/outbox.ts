import { tables, type DeskHandle } from '../database';
import type { OutboxItem, OutboxState } from '../types';

/** Queries of the `outbox` table: deliveries to the ministry system as stored state (id = dossier id). */

/** Outbox states the sync engine writes; anything else is counted under its own name. */
export const OUTBOX_STATES = ['queued', 'sending', 'retrying', 'delivered', 'rejected'] as const;

export function getDelivery(handle: DeskHandle, dossierId: string): Promise<OutboxItem | undefined> {
  return tables(handle).outbox.get(dossierId);
}

export async function putDelivery(handle: DeskHandle, item: OutboxItem): Promise<void> {
  await tables(handle).outbox.put(item);
}

export async function updateDelivery(handle: DeskHandle, id: string, changes: Partial<Omit<OutboxItem, 'id'>>): Promise<void> {
  await tables(handle).outbox.update(id, changes);
}

/** Deliveries in any of `states` (what the engine may work on). */
export function deliveriesInStates(handle: DeskHandle, states: readonly OutboxState[]): Promise<OutboxItem[]> {
  return tables(handle).outbox.where('state').anyOf([...states]).toArray();
}

/** Marks a delivery done with the given final fields and clears its last failure. */
export async function markDelivered(handle: DeskHandle, id: string, changes: Partial<Omit<OutboxItem, 'id'>>): Promise<void> {
  await tables(handle)
    .outbox.where('id')
    .equals(id)
    .modify((record) => {
      Object.assign(record, { ...changes, state: 'delivered' });
      delete record.lastError;
    });
}

/** Every delivery waiting for its backoff may go now (`nextAttemptAt` moved up to `now`). */
export async function wakeRetryingDeliveries(handle: DeskHandle, now: number): Promise<void> {
  await tables(handle)
    .outbox.where('state')
    .equals('retrying')
    .modify((item) => {
      item.nextAttemptAt = Math.min(item.nextAttemptAt, now);
    });
}

/**
 * Sends one delivery (or every failed or refused one) at the next turn instead of after its
 * backoff: attempts reset, refused ones queued again; delivered ones are left alone.
 */
export async function retryDeliveries(handle: DeskHandle, dossierId: string | undefined, now: number): Promise<void> {
  const db = tables(handle);
  const items = dossierId ? await db.outbox.where('id').equals(dossierId).toArray() : await db.outbox.where('state').anyOf(['retrying', 'rejected']).toArray();
  await db.outbox.bulkUpdate(
    items
      .filter((item) => item.state !== 'delivered')
      .map((item) => ({ key: item.id, changes: { state: item.state === 'rejected' ? 'queued' : item.state, attempts: 0, nextAttemptAt: now, updatedAt: now } })),
  );
}

/** Deliveries by state over the whole outbox, from the state index; unknown states counted by name. */
export async function outboxCountsByState(handle: DeskHandle): Promise<Map<string, number>> {
  const db = tables(handle);
  const outbox = new Map<string, number>();
  const counts = await Promise.all(OUTBOX_STATES.map((state) => db.outbox.where('state').equals(state).count()));
  OUTBOX_STATES.forEach((state, i) => outbox.set(state, counts[i]!));
  const total = await db.outbox.count();
  const known = counts.reduce((sum, n) => sum + n, 0);
  if (total > known) {
    await db.outbox
      .where('state')
      .noneOf([...OUTBOX_STATES])
      .each((item) => outbox.set(item.state, (outbox.get(item.state) ?? 0) + 1));
  }
  return outbox;
}

/** What the sync indicator shows: deliveries still to go, refused ones, and the progress of those being sent. */
export async function outboxProgress(handle: DeskHandle): Promise<{ waiting: number; rejected: number; percent: number | undefined }> {
  const db = tables(handle);
  const [queued, sending, retrying, rejected] = await Promise.all((['queued', 'sending', 'retrying', 'rejected'] as const).map((state) => db.outbox.where('state').equals(state).count()));
  const active = await db.outbox.where('state').equals('sending').toArray();
  const total = active.reduce((sum, item) => sum + (item.bytesTotal ?? 0), 0);
  const sent = active.reduce((sum, item) => sum + (item.bytesSent ?? 0), 0);
  return { waiting: queued! + sending! + retrying!, rejected: rejected!, percent: total > 0 ? Math.floor((sent / total) * 100) : undefined };
}
