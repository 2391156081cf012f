import { Dexie, type EntityTable } from 'dexie';
import { createEncryptionMiddleware, type EncryptedFields } from './encryption/encryptionMiddleware';
import { getDataKey } from './encryption/dataKeyBroker';

export const OFFICE_CACHE_NAME = 'mot-cua-office-cache';

/** The last answer of the office hub to one question (figures, a page of the list, the desk's role). */
export interface OfficeView {
  key: string;
  data: unknown;
  fetchedAt: number;
}

/** A part of a component PDF downloaded from the hub, kept until the whole file has come and matched its SHA-256. */
export interface OfficeFilePart {
  id: string;
  fileKey: string;
  offset: number;
  bytes: Blob;
}

/** A component PDF of another desk's dossier, whole and checked against its declared SHA-256. */
export interface OfficeFile {
  fileKey: string;
  dossierId: string;
  name: string;
  sha256: string;
  data: Blob;
  fetchedAt: number;
}

/**
 * What a supervisor desk keeps of the office hub's data: the names the dossier lists carry, the
 * applicants in them and the PDFs are personal data, so they are encrypted at rest with the desk's
 * data key, like the desk's own files. The cache is its own database: a copy of the hub's data that
 * can be dropped at any time, with versions of its own, apart from the desk's records.
 */
export const OFFICE_ENCRYPTED_FIELDS: EncryptedFields = {
  officeViews: ['data'],
  officeFileParts: ['bytes'],
  officeFiles: ['data'],
};

declare const officeCacheBrand: unique symbol;

/** The office cache as code outside `renderer/db/` holds it: only the queries of `queries/officeCache.ts` open it. */
export interface OfficeCacheHandle {
  readonly [officeCacheBrand]: 'OfficeCache';
}

export class OfficeCacheDatabase extends Dexie implements OfficeCacheHandle {
  declare readonly [officeCacheBrand]: 'OfficeCache';
  officeViews!: EntityTable<OfficeView, 'key'>;
  officeFileParts!: EntityTable<OfficeFilePart, 'id'>;
  officeFiles!: EntityTable<OfficeFile, 'fileKey'>;

  constructor(name: string = OFFICE_CACHE_NAME) {
    super(name);
    this.version(1).stores({
      officeViews: 'key, fetchedAt',
      officeFileParts: 'id, fileKey, [fileKey+offset]',
      officeFiles: 'fileKey, dossierId',
    });
  }
}

/** The tables behind a handle; for `renderer/db/` only. */
export function officeTables(handle: OfficeCacheHandle): OfficeCacheDatabase {
  return handle as OfficeCacheDatabase;
}

let instance: OfficeCacheDatabase | undefined;

/** The office cache of this realm, encrypted at rest like the desk's database. */
export function getOfficeCache(): OfficeCacheHandle {
  if (!instance) {
    instance = new OfficeCacheDatabase();
    instance.use(createEncryptionMiddleware(OFFICE_ENCRYPTED_FIELDS, getDataKey, {}));
  }
  return instance;
}
