import type { DeskHandle } from '../database';
import type { Dossier } from '../types';
import { fromVietnamClock, addDays, type LocalDate } from '../../../preload/shared/domain/calendar/localDate';
import { OPEN_STATUSES, summarizeDossiers, type IntakeSummary } from '../../../preload/shared/domain/dashboard/summarizeDossiers';
import { dossiersOfDay, dossiersWithStatus } from './dossiers';
import { outboxCountsByState } from './outbox';
import { reviewsOf } from './reviews';
import { proceduresByCodes } from './procedures';
import { usersByIds } from './users';

/** How far ahead "due soon" looks. */
export const DUE_SOON_MS = 2 * 24 * 3_600_000;

export interface DueDossier {
  id: string;
  code: string | undefined;
  procedureCode: string;
  dueAt: number;
  officerId: string | undefined;
}

export interface DashboardData {
  day: LocalDate;
  intake: IntakeSummary;
  procedureNames: Map<string, string>;
  officerNames: Map<string, string>;
  /** Outbox items by state, over the whole outbox (what is still to be sent is not tied to a day). */
  outbox: Map<string, number>;
  overdueCount: number;
  dueSoonCount: number;
  /** The most urgent, for the list under the figures. */
  overdue: DueDossier[];
  dueSoon: DueDossier[];
  /** Sealed dossiers of the day a supervisor has not decided on yet. */
  awaitingReview: number;
  sentBack: number;
}

const LIST_LIMIT = 20;

function due(dossier: Dossier): DueDossier {
  return { id: dossier.id, code: dossier.code, procedureCode: dossier.procedureCode, dueAt: dossier.dueAt ?? 0, officerId: dossier.officerId };
}

/**
 * The day's intake as the dashboard shows it. Every read goes through an index (receivedAt,
 * createdAt, portalStatus, state, the review keys), so the cost follows the day's and the open
 * dossiers' counts rather than the size of the whole database.
 */
export async function loadDashboard(db: DeskHandle, day: LocalDate, now: number): Promise<DashboardData> {
  const start = fromVietnamClock(day, 0, 0).getTime();
  const end = fromVietnamClock(addDays(day, 1), 0, 0).getTime();
  // A dossier belongs to the day it was received; drafts not yet received, to the day they were started.
  const { received, started } = await dossiersOfDay(db, start, end);
  const dossiers = [...received, ...started];
  const intake = summarizeDossiers(dossiers);

  // Only open dossiers can be late: read them through the status index, so years of closed
  // history do not slow the dashboard down (a due date is set when a code is issued, status 2).
  const open = await dossiersWithStatus(db, OPEN_STATUSES);
  const overdueAll = open.filter((dossier) => dossier.dueAt !== undefined && dossier.dueAt < now);
  const dueSoonAll = open.filter((dossier) => dossier.dueAt !== undefined && dossier.dueAt >= now && dossier.dueAt <= now + DUE_SOON_MS);
  overdueAll.sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0));
  dueSoonAll.sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0));

  const outbox = await outboxCountsByState(db);

  const sealed = received.filter((dossier) => dossier.code);
  const reviews = await reviewsOf(db, sealed.map((dossier) => dossier.id));
  let awaitingReview = 0;
  let sentBack = 0;
  reviews.forEach((review, i) => {
    // A dossier sent back and changed since is waiting for the supervisor again.
    if (!review || (review.state === 'rescan' && sealed[i]!.updatedAt > review.decidedAt)) awaitingReview++;
    else if (review.state === 'rescan') sentBack++;
  });

  const procedureCodes = [...intake.byProcedure.keys()];
  const officerIds = [...new Set([...intake.byOfficer.keys(), ...overdueAll.slice(0, LIST_LIMIT).map((d) => d.officerId ?? '')])].filter(Boolean);
  const [procedures, users] = await Promise.all([proceduresByCodes(db, procedureCodes), usersByIds(db, officerIds)]);
  return {
    day,
    intake,
    procedureNames: new Map(procedureCodes.map((code, i) => [code, procedures[i]?.name ?? code])),
    officerNames: new Map(officerIds.map((id, i) => [id, users[i]?.displayName ?? id])),
    outbox,
    overdueCount: overdueAll.length,
    dueSoonCount: dueSoonAll.length,
    overdue: overdueAll.slice(0, LIST_LIMIT).map(due),
    dueSoon: dueSoonAll.slice(0, LIST_LIMIT).map(due),
    awaitingReview,
    sentBack,
  };
}
