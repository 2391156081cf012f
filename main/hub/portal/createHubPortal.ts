import type { Kysely } from 'kysely';
import type { HubTables } from '../database/HubTables';
import type { SecretCipher } from '../../secrets/SecretCipher';
import { createFileLinkSigner, type FileLinkGrant, type FileLinkSigner } from './createFileLinkSigner';
import { createPortalCatalog } from './createPortalCatalog';
import { createPortalOutbox, type PortalRelaySummary } from './createPortalOutbox';
import { createPortalSettingsStore } from './createPortalSettingsStore';
import { createPortalSourceReader } from './createPortalSourceReader';
import { createPortalRelay, type PortalRelay, type PortalRelayStatus } from './createPortalRelay';

export interface HubPortalSummary extends PortalRelaySummary {
  configured: boolean;
  /** The supervisor's dashboard line. */
  label: string;
  relay: PortalRelayStatus | null;
}

/**
 * The hub's side of the national portal: the connector's settings and mapping tables, the relay
 * outbox, the file links the portal fetches, and (in the hub's process) the relay itself. The
 * command line opens it on the database alone, without a relay, when no hub runs.
 */
export function createHubPortal(db: Kysely<HubTables>, cipher: SecretCipher) {
  const settings = createPortalSettingsStore(db, cipher);
  const outbox = createPortalOutbox(db);
  const sources = createPortalSourceReader(db, settings);
  const catalog = createPortalCatalog(db, () => settings.connection());
  let relay: PortalRelay | undefined;
  let signer: { updatedAt: number; signer: FileLinkSigner } | undefined;

  const currentSigner = async (): Promise<FileLinkSigner | undefined> => {
    const connection = await settings.connection();
    if (!connection) return undefined;
    if (signer?.updatedAt !== connection.updatedAt.getTime()) signer = { updatedAt: connection.updatedAt.getTime(), signer: createFileLinkSigner(connection.linkKey) };
    return signer.signer;
  };

  return {
    settings,
    outbox,
    /** The procedure catalog pulled from the portal, which desks replace theirs with. */
    catalog,
    sources,
    fileSigner: currentSigner,

    /** The stored upload with exactly the bytes a link grants (of whichever revision still has them). */
    async storedFile(grant: FileLinkGrant): Promise<{ uploadId: string; size: number } | undefined> {
      const row = await db
        .selectFrom('dossier_files')
        .select(['upload_id', 'size'])
        .where('dossier_id', '=', grant.dossierId)
        .where('name', '=', grant.name)
        .where('sha256', '=', grant.sha256)
        .where('stored_at', 'is not', null)
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.upload_id ? { uploadId: row.upload_id, size: Number(row.size) } : undefined;
    },

    /** A link to one stored file as the relay would give it (for an administrator checking the route, and tests). */
    async fileLink(base: string, grant: FileLinkGrant): Promise<string> {
      const current = await currentSigner();
      if (!current) throw new Error('portal not configured');
      return `${base}/api/v1/portal/files/${current.sign(grant)}/${encodeURIComponent(grant.name)}`;
    },

    /** Starts the relay in this process (once). */
    startRelay(options: { hubUrl: () => string; pollMs?: number; batchSize?: number }): PortalRelay {
      relay ??= createPortalRelay({ outbox, settingsStore: settings, sources, ...options });
      relay.start();
      return relay;
    },

    relay: () => relay,

    async summary(): Promise<HubPortalSummary> {
      const counts = await outbox.summary();
      const configured = (await settings.publicSettings()) !== undefined;
      return { ...counts, configured, label: `Đồng bộ Cổng DVC quốc gia: chờ ${counts.waiting}, lỗi ${counts.held}`, relay: relay?.status() ?? null };
    },

    async stop(): Promise<void> {
      await relay?.stop();
    },
  };
}

export type HubPortal = ReturnType<typeof createHubPortal>;
