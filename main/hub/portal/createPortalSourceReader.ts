import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { HubTables } from '../database/HubTables';
import type { DossierDeclaration } from '../dossierDeclaration';
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from '../../../preload/shared/domain/dossierStatus';
import type { PortalDossierSource, PortalFileSource } from './buildPortalDossierItem';
import type { PortalProgressSource } from './buildPortalProgressItem';
import type { PortalSettingsStore } from './createPortalSettingsStore';
import type { PortalSettings } from './PortalSettings';

/** Why a row is held before it is sent: the hub knows it would go out wrong. */
export interface PortalHold {
  hold: { code: 'unmapped-procedure' | 'unmapped-status' | 'dossier-missing'; reason: string };
}

export type PortalSourceOf<T> = ({ source: T; madonvi: string } & { hold?: undefined }) | PortalHold;

/** A file the portal may fetch: what a link to it names. */
export interface PortalLinkTarget {
  dossierId: string;
  name: string;
  sha256: string;
}

export function agencyCodeOf(dossierCode: string): string {
  return dossierCode.split('-')[0] ?? dossierCode;
}

/** A stable id per dossier, name and bytes, so the same file keeps its TepDinhKemId across sends and revisions. */
export function portalFileId(dossierId: string, name: string, sha256: string): string {
  return createHash('sha256').update(`${dossierId}/${name}/${sha256}`).digest('hex').slice(0, 32);
}

/**
 * Reads what the relay sends from the hub's own records, mapped through the administrator's
 * tables: a dossier revision (its declaration, its files — those of earlier revisions it no
 * longer has listed as deleted — its latest status, when it was processed and returned), or one
 * status change with who, when and what. A row that would go out wrong (no procedure mapping, no
 * status mapping) comes back as a hold with the reason.
 */
export function createPortalSourceReader(db: Kysely<HubTables>, settingsStore: PortalSettingsStore) {
  const agencyOf = async (code: string, settings: PortalSettings) => {
    const mapped = await settingsStore.agency(agencyCodeOf(code));
    return { madonvi: mapped?.madonvi ?? settings.madonvi, name: mapped?.name ?? settings.agencyName ?? '' };
  };
  const portalStatusOf = async (status: number): Promise<string | undefined> => (await settingsStore.statuses()).get(status);
  const unmappedStatus = (status: number): PortalHold => ({
    hold: { code: 'unmapped-status', reason: `Trạng thái ${status} (${DOSSIER_STATUS_NAMES[status as DossierStatusCode] ?? '?'}) chưa được ánh xạ sang mã trạng thái của Cổng DVC quốc gia.` },
  });

  return {
    async dossier(dossierId: string, revision: number, settings: PortalSettings, link: (target: PortalLinkTarget) => string): Promise<PortalSourceOf<PortalDossierSource>> {
      const dossier = await db.selectFrom('dossiers').select(['code', 'metadata']).where('id', '=', dossierId).executeTakeFirst();
      if (!dossier) return { hold: { code: 'dossier-missing', reason: `Máy chủ không còn hồ sơ ${dossierId}.` } };
      const metadata = dossier.metadata as Omit<DossierDeclaration, 'revision'>;
      const procedure = await settingsStore.procedure(metadata.procedureCode);
      if (!procedure) {
        return { hold: { code: 'unmapped-procedure', reason: `Thủ tục "${metadata.procedureCode}" chưa được ánh xạ sang mã TTHC của Cổng DVC quốc gia (hub portal procedure --local ${metadata.procedureCode} …).` } };
      }
      const history = await db.selectFrom('status_changes').select(['status', 'at']).where('dossier_id', '=', dossierId).orderBy('seq').execute();
      const latest = history.at(-1)?.status ?? 2;
      const portalStatus = await portalStatusOf(latest);
      if (portalStatus === undefined) return unmappedStatus(latest);
      const files = await db.selectFrom('dossier_files').select(['name', 'sha256', 'revision']).where('dossier_id', '=', dossierId).where('revision', '<=', revision).where('stored_at', 'is not', null).orderBy('revision', 'desc').orderBy('name').execute();
      const current = files.filter((file) => file.revision === revision);
      const seen = new Set(current.map((file) => `${file.name}\u0000${file.sha256}`));
      const withdrawn: typeof files = [];
      for (const file of files.filter((candidate) => candidate.revision < revision)) {
        const key = `${file.name}\u0000${file.sha256}`;
        if (seen.has(key)) continue;
        seen.add(key);
        withdrawn.push(file);
      }
      const listed: PortalFileSource[] = [...current.map((file) => ({ file, deleted: false })), ...withdrawn.map((file) => ({ file, deleted: true }))].map(({ file, deleted }) => ({
        id: portalFileId(dossierId, file.name, file.sha256),
        name: file.name,
        url: link({ dossierId, name: file.name, sha256: file.sha256 }),
        deleted,
      }));
      const agency = await agencyOf(dossier.code, settings);
      const processedAt = history.find((entry) => entry.status === 9)?.at;
      const returnedAt = history.find((entry) => entry.status === 10)?.at;
      return {
        madonvi: agency.madonvi,
        source: {
          code: dossier.code,
          procedure: { maTTHC: procedure.maTTHC, tenTTHC: procedure.tenTTHC, maLinhVuc: procedure.maLinhVuc, tenLinhVuc: procedure.tenLinhVuc },
          applicant: { fullName: metadata.applicant.fullName, ...(metadata.applicant.phone ? { phone: metadata.applicant.phone } : {}) },
          receivedAt: metadata.receivedAt,
          dueAt: metadata.dueAt,
          portalStatus,
          agencyName: agency.name,
          files: listed,
          ...(processedAt ? { processedAt } : {}),
          ...(returnedAt ? { returnedAt } : {}),
        },
      };
    },

    async progress(statusSeq: number, settings: PortalSettings): Promise<PortalSourceOf<PortalProgressSource>> {
      const row = await db
        .selectFrom('status_changes')
        .innerJoin('dossiers', 'dossiers.id', 'status_changes.dossier_id')
        .select(['status_changes.status', 'status_changes.at', 'status_changes.note', 'status_changes.source', 'status_changes.review_state', 'status_changes.review_reason', 'status_changes.reviewer_name', 'dossiers.code', 'dossiers.metadata'])
        .where('status_changes.seq', '=', statusSeq)
        .executeTakeFirst();
      if (!row) return { hold: { code: 'dossier-missing', reason: `Máy chủ không còn thay đổi trạng thái số ${statusSeq}.` } };
      const portalStatus = await portalStatusOf(row.status);
      if (portalStatus === undefined) return unmappedStatus(row.status);
      const content =
        row.review_state === 'accepted'
          ? 'Kiểm tra bản số hóa: đạt'
          : row.review_state === 'rescan'
            ? `Yêu cầu số hóa lại: ${row.review_reason ?? ''}`.trim()
            : (row.note ?? DOSSIER_STATUS_NAMES[row.status as DossierStatusCode] ?? `Trạng thái ${row.status}`);
      const agency = await agencyOf(row.code, settings);
      const deskId = /^desk:([0-9a-f-]{36})$/.exec(row.source)?.[1];
      const desk = deskId ? await db.selectFrom('desks').select('name').where('id', '=', deskId).executeTakeFirst() : undefined;
      return {
        madonvi: agency.madonvi,
        source: {
          code: row.code,
          actor: row.reviewer_name ?? desk?.name ?? row.source,
          at: row.at,
          content,
          portalStatus,
          dueAt: (row.metadata as { dueAt: string }).dueAt,
        },
      };
    },
  };
}

export type PortalSourceReader = ReturnType<typeof createPortalSourceReader>;
