import type { Migration } from 'kysely/migration';
import * as initial from './0001_initial';
import * as codeBlocks from './0002_code_blocks';
import * as reviews from './0003_reviews';
import * as revisions from './0004_revisions';
import * as codeBlockRequests from './0005_code_block_requests';
import * as portalRelay from './0006_portal_relay';
import * as portalCatalog from './0007_portal_catalog';

/**
 * Every migration the hub has ever had, in order. Append only: a released migration is never
 * edited or removed, a change is a new numbered file, and both PGlite and PostgreSQL run the same list.
 */
export const hubMigrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_code_blocks': codeBlocks,
  '0003_reviews': reviews,
  '0004_revisions': revisions,
  '0005_code_block_requests': codeBlockRequests,
  '0006_portal_relay': portalRelay,
  '0007_portal_catalog': portalCatalog,
};
